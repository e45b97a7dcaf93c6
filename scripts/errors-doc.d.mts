// Types of errors-doc.mjs for the test that imports it (test/package/errorsDoc.test.ts).
export declare const ERRORS_TS: string;
export declare const ERRORS_MD: string;
export declare function errorCodes(source: string): { code: string; name: string; meaning: string }[];
export declare function errorsDoc(source: string): string;
