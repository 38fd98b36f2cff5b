/**
 * Module-resolution hook (runs on Node's loader thread, see one-kernel.ts): `@calabi/kernel` and
 * `@calabi/kernel/<subpath>` resolve as if imported by the CLI itself, whoever imports them.
 */
interface HookData {
  parentURL: string;
}

type NextResolve = (specifier: string, context: { parentURL?: string; conditions?: string[] }) => Promise<{ url: string }>;

let cliURL: string | undefined;

export function initialize(data: HookData): void {
  cliURL = data.parentURL;
}

export function resolve(specifier: string, context: { parentURL?: string; conditions?: string[] }, next: NextResolve) {
  if (cliURL && (specifier === "@calabi/kernel" || specifier.startsWith("@calabi/kernel/"))) {
    return next(specifier, { ...context, parentURL: cliURL });
  }
  return next(specifier, context);
}
