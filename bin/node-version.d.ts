/** Types of node-version.js (plain JavaScript: it runs before tsx is registered). */
export declare const SUPPORTED_NODE: string;
export declare function unsupportedNode(version: string): string | undefined;
