/** The whole route table, one module per concept; a new concept adds its module here. */
import type { Route } from '../http/router.ts';
import { accessRoutes } from './access.ts';
import { analysisRoutes } from './analysis.ts';
import { demoRoutes } from './demo.ts';
import type { AppContext } from './context.ts';
import { documentRoutes } from './documents.ts';
import { fileRoutes } from './files.ts';
import { matrixRoutes } from './matrices.ts';
import { versionRoutes } from './versions.ts';

export type { AppContext };

export function allRoutes(app: AppContext): Route[] {
  return [
    ...matrixRoutes(app),
    ...accessRoutes(app),
    ...versionRoutes(app),
    ...fileRoutes(app),
    ...analysisRoutes(app),
    ...documentRoutes(app),
    ...demoRoutes(app),
  ];
}
