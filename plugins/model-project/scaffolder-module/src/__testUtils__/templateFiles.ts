import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';

/** The model-project template as the demo catalog registers it, and its folder. */
export interface TemplateFiles {
  /** The folder holding template.yaml and skeleton/. */
  dir: string;
  /** template.yaml, parsed. */
  template: Record<string, any>;
  /** Every file of the folder, as the scaffolder's dry run takes them. */
  directoryContents: Array<{ path: string; base64Content: string }>;
}

/** Reads templates/ml-model-project from the repository this test runs in. */
export function readTemplateFiles(): TemplateFiles {
  const dir = findTemplateDir(process.cwd());
  const template = yaml.parse(
    fs.readFileSync(path.join(dir, 'template.yaml'), 'utf8'),
  );
  const directoryContents = listFiles(dir).map(file => ({
    path: path.relative(dir, file).split(path.sep).join('/'),
    base64Content: fs.readFileSync(file).toString('base64'),
  }));
  return { dir, template, directoryContents };
}

function findTemplateDir(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'templates', 'ml-model-project');
    if (fs.existsSync(path.join(candidate, 'template.yaml'))) {
      return candidate;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`No templates/ml-model-project above ${from}`);
    }
  }
}

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap(entry => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? listFiles(full) : [full];
    })
    .sort();
}

/** Writes a dry run's directoryContents into `dir` and returns the relative file paths. */
export function writeDirectoryContents(
  dir: string,
  contents: Array<{ path: string; base64Content: string }>,
): string[] {
  for (const file of contents) {
    const target = path.join(dir, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, Buffer.from(file.base64Content, 'base64'));
  }
  return contents.map(file => file.path).sort();
}
