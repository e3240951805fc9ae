import { getContext, hasContext, setContext } from 'svelte';

/** A typed context slot keyed by a private Symbol, so two slots can never collide. */
export function defineContext<T>(name: string) {
  const key = Symbol(name);
  return {
    set(value: T): T {
      return setContext(key, value);
    },
    get(): T {
      if (!hasContext(key)) throw new Error(`No ${name} in context: set it in an ancestor component.`);
      return getContext<T>(key);
    },
  };
}
