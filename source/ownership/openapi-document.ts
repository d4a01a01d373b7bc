import SwaggerParser from '@apidevtools/swagger-parser';
import { OpenApiError } from './openapi-probes.js';

/**
 * The document with every local `$ref` replaced by what it points at (OpenAPI 3.x and Swagger 2.0 alike),
 * so examples, parameters and responses read as plain objects. References to other files or URLs are not
 * followed: a spec fetched from the network must not make us fetch more of it.
 */
export async function dereferenceSpec(doc: unknown): Promise<unknown> {
  try {
    return await SwaggerParser.dereference(structuredClone(doc) as Parameters<typeof SwaggerParser.dereference>[0], { resolve: { external: false }, dereference: { circular: 'ignore' } });
  } catch (error) {
    throw new OpenApiError(`cannot resolve its $refs: ${(error as Error).message.split('\n')[0]}`);
  }
}
