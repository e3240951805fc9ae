import { defineContext } from '../lib/context.ts';
import { userMessage } from '../lib/errors.ts';

export interface Notice {
  id: number;
  message: string;
}

/** Short-lived error messages for actions that have no inline place to show them. */
export class Notices {
  items = $state.raw<Notice[]>([]);
  #next = 1;

  error(message: string): void {
    const notice = { id: this.#next++, message };
    this.items = [...this.items.filter((n) => n.message !== message), notice];
    setTimeout(() => this.dismiss(notice.id), 6000);
  }

  /** Runs an edit; a refusal (read-only, locked, invalid) becomes a notice. True when it ran. */
  attempt(run: () => void): boolean {
    try {
      run();
      return true;
    } catch (err) {
      this.error(userMessage(err));
      return false;
    }
  }

  dismiss(id: number): void {
    this.items = this.items.filter((n) => n.id !== id);
  }
}

export const noticesContext = defineContext<Notices>('notices');
