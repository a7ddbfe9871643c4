/**
 * A template snippet for the scaffolder's template editor, written as the YAML it shows: indented
 * like the code around it, which is removed (the first line break too). The result is a
 * `TemplateExample` of `@backstage/plugin-scaffolder-node`.
 *
 * @public
 */
export function templateExample(
  description: string,
  yaml: string,
): { description: string; example: string } {
  const lines = yaml.replace(/^\n/, '').replace(/\s+$/, '').split('\n');
  const indent = Math.min(
    ...lines
      .filter(line => line.trim() !== '')
      .map(line => line.length - line.trimStart().length),
  );
  return {
    description,
    example: `${lines.map(line => line.slice(indent)).join('\n')}\n`,
  };
}
