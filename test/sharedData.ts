/**
 * Data that lives in ../shared beside the clone (the published B2B instances), read there and never
 * copied into the repository. CI puts it there, so a test that needs it fails when it is missing,
 * naming the path, instead of passing by skipping.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const SHARED_DIR = resolve(import.meta.dirname, '../../shared');

/** The absolute path of a file or folder under ../shared; throws, naming it, when it is not there. */
export function sharedPath(relativePath: string): string {
  const path = resolve(SHARED_DIR, relativePath);
  if (!existsSync(path)) {
    throw new Error(`missing ${path}: the shared data is read from ${SHARED_DIR}, beside the clone, and is not in the repository`);
  }
  return path;
}

export function readSharedJson<T>(relativePath: string): T {
  return JSON.parse(readFileSync(sharedPath(relativePath), 'utf8')) as T;
}
