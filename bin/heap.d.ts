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
  /** The files of past inspections and grades read beside the enterprise file, where their heap was counted. */
  readonly past?: readonly { readonly file: string; readonly fileMb: number }[];
  readonly limitMb: number;
}
/** The heap (MB) to run `argv` with in a child process, or undefined to run it here (see heap.js). */
export declare function heapToAsk(argv: readonly string[], m: Machine): HeapAsk | undefined;
/** This process and machine, as heapToAsk takes them. */
export declare function thisMachine(env?: NodeJS.ProcessEnv): Machine;
/** The note said when a run is given a larger heap, in the language its messages take. */
export declare function heapNote(ask: HeapAsk, argv: readonly string[], env?: NodeJS.ProcessEnv): string;
/** Runs this command again in a child with a heap of `heapMb`, and resolves to its exit status. */
export declare function runWithHeap(heapMb: number): Promise<number>;
/** In a child given a heap: dies with its parent, and does not wait on the channel to it. */
export declare function childOfHeap(env?: NodeJS.ProcessEnv): void;
