export function newestInput(root: string): number;
