/** The part of madge 8's API the layout test uses (the package ships no types). */
declare module "madge" {
  interface MadgeResult {
    /** Every import cycle, as the files on it (paths relative to the base directory). */
    circular(): string[][];
  }
  interface MadgeConfig {
    fileExtensions?: string[];
    tsConfig?: string;
    excludeRegExp?: RegExp[];
    detectiveOptions?: Record<string, Record<string, unknown>>;
  }
  export default function madge(path: string, config?: MadgeConfig): Promise<MadgeResult>;
}
