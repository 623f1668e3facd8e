import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { expect } from 'vitest';
import { loadConnectorOpenApi } from '../../src/connectorContract.js';

/*
 * The OpenAPI document as a test reads it: request bodies and answers are validated with ajv
 * against the schemas the document gives for POST /connector/v1/events, status by status. This is
 * the test's own compile of the document, apart from the bot's checker.
 */

const addFormats = ((addFormatsPlugin as { default?: unknown }).default ?? addFormatsPlugin) as unknown as (
  ajv: Ajv2020,
) => Ajv2020;

interface Operation {
  requestBody: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  parameters: { name: string; in: string; schema: unknown }[];
}

const document = loadConnectorOpenApi();
const ajv = new Ajv2020({ allErrors: true, discriminator: true, strict: false });
addFormats(ajv);
ajv.addSchema({ ...document, $id: 'openapi' });
const operation = (document.paths as Record<string, { post: Operation }>)['/connector/v1/events']
  ?.post as Operation;
const compiled = new Map<string, ValidateFunction>();

function validator(key: string, schema: unknown): ValidateFunction {
  let v = compiled.get(key);
  if (!v) {
    // Schemas are $refs into the document: resolve them against it.
    v = ajv.compile({ $ref: `openapi${(schema as { $ref: string }).$ref}` });
    compiled.set(key, v);
  }
  return v;
}

/** The body and headers of a request, as the document requires them. */
export function expectRequestMatchesContract(body: string, headers: Record<string, string>): void {
  const request = validator('request', operation.requestBody.content['application/json']?.schema);
  expect(request(JSON.parse(body)), JSON.stringify(request.errors)).toBe(true);
  for (const p of operation.parameters.filter((p) => p.in === 'header')) {
    const value = headers[p.name.toLowerCase()];
    expect(value, `${p.name} header`).toBeDefined();
    expect(ajv.validate(p.schema as object, value), `${p.name}: ${JSON.stringify(ajv.errors)}`).toBe(true);
  }
}

/** An answer's status is one the document lists, and its JSON body has that status's schema. */
export function expectAnswerMatchesContract(status: number, contentType: string | null, body: string): void {
  const response = operation.responses[String(status)];
  expect(response, `status ${status} is not in the OpenAPI document`).toBeDefined();
  const schema = response?.content?.['application/json']?.schema;
  expect(schema, `status ${status} has no JSON schema`).toBeDefined();
  expect(contentType).toMatch(/^application\/json/);
  const answer = validator(`response ${status}`, schema);
  expect(answer(JSON.parse(body)), `${status} ${body}: ${JSON.stringify(answer.errors)}`).toBe(true);
}
