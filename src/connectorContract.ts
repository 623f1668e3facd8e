import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { type BatchCheck, connectorBatchChecker, type OpenApiDocument } from './domain/connectorEvents.js';

const DOCUMENT = join('docs', 'connector-openapi.yaml');

/**
 * Where the connector's OpenAPI document is: found from this file upwards, so it is the same
 * document from src/ (tests) and from dist/src/ (the built bot), and ships with the repository.
 */
export function connectorOpenApiPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, DOCUMENT);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(
    `The connector API contract ${DOCUMENT} was not found above ${fileURLToPath(import.meta.url)}`,
  );
}

export function loadConnectorOpenApi(): OpenApiDocument & Record<string, unknown> {
  return parse(readFileSync(connectorOpenApiPath(), 'utf8')) as OpenApiDocument & Record<string, unknown>;
}

let checker: ((body: unknown) => BatchCheck) | undefined;

/** The batch check compiled from the OpenAPI document, once per process. */
export function connectorChecker(): (body: unknown) => BatchCheck {
  checker ??= connectorBatchChecker(loadConnectorOpenApi());
  return checker;
}
