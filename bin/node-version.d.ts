/** Types of node-version.js (plain JavaScript: it runs before tsx is registered). */
/** The supported range, as package.json's "engines" states it. */
export declare const SUPPORTED_NODE: string;
/** Why gradedraw cannot run on Node.js `version`, in English and Chinese, or undefined when it can. */
export declare function unsupportedNode(version: string): string | undefined;
