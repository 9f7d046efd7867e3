/** Types of heap.js (plain JavaScript: it runs before tsx is registered). */
export declare const GIVEN: string;
/** The largest synthetic district the commands make: a scenario's population.size, demo's --size. */
export declare const MOST_ENTERPRISES: number;
export interface Machine {
  readonly limitMb: number;
  readonly machineMb: number;
  readonly explicit: boolean;
  readonly given: boolean;
  readonly sizeOf: (file: string) => number | undefined;
  /** The file's text, where it is a file of at most `most` bytes. */
  readonly textOf: (file: string, most: number) => string | undefined;
}
/** A larger heap for a run: for its enterprise file (`file`, `fileMb`) or its synthetic district, a scenario's or demo's (`enterprises`). */
export interface HeapAsk {
  readonly heapMb: number;
  readonly file?: string;
  readonly fileMb?: number;
  readonly enterprises?: number;
  readonly limitMb: number;
}
export declare function heapToAsk(argv: readonly string[], m: Machine): HeapAsk | undefined;
export declare function thisMachine(env?: NodeJS.ProcessEnv): Machine;
export declare function heapNote(ask: HeapAsk, argv: readonly string[], env?: NodeJS.ProcessEnv): string;
export declare function runWithHeap(heapMb: number): Promise<number>;
export declare function childOfHeap(env?: NodeJS.ProcessEnv): void;
