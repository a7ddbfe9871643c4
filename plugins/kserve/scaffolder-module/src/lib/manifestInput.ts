import { readFile } from 'node:fs/promises';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { optionalText } from '@mlops-portal/plugin-mlops-node';
import { parseManifestText } from './manifest';

/**
 * The manifest an action's input gives: `manifest` (an object, or YAML or JSON text) or the file
 * `manifestPath` in the task's workspace, exactly one of them. Read, not yet checked.
 *
 * @throws InputError when neither or both are given, the file cannot be read (or is outside the
 * workspace), or the text is not one YAML document
 * @internal
 */
export async function readManifestInput(
  input: { manifest?: unknown; manifestPath?: unknown },
  workspacePath: string,
): Promise<unknown> {
  const manifestPath = optionalText('manifestPath', input.manifestPath);
  const inline = input.manifest;
  if (manifestPath !== undefined && inline !== undefined) {
    throw new InputError(
      'Give the InferenceService either as manifest or as manifestPath, not both',
    );
  }
  if (manifestPath !== undefined) {
    const where = `manifestPath '${manifestPath}'`;
    let text: string;
    try {
      text = await readFile(
        resolveSafeChildPath(workspacePath, manifestPath.trim()),
        'utf8',
      );
    } catch (error) {
      throw new InputError(
        `${where} cannot be read from the workspace: ${
          (error as Error).message
        }`,
      );
    }
    return parseManifestText(text, where);
  }
  if (inline === undefined || inline === null) {
    throw new InputError(
      'No InferenceService given: set manifest (an object, or YAML or JSON text) or manifestPath (a file in the workspace)',
    );
  }
  return typeof inline === 'string'
    ? parseManifestText(inline, 'manifest')
    : inline;
}
