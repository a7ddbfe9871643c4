import { renderInTestApp } from '@backstage/test-utils';
import {
  ScaffolderFieldExtensions,
  useCustomFieldExtensions,
} from '@backstage/plugin-scaffolder-react';
import { screen } from '@testing-library/react';
import { MlflowInstancePicker } from './components/MlflowInstancePicker/MlflowInstancePicker';
import { MlflowInstancePickerFieldExtension } from './plugin';

function ListFieldExtensions(props: { outlet: JSX.Element }) {
  const extensions = useCustomFieldExtensions(props.outlet);
  return (
    <ul>
      {extensions.map(extension => (
        <li key={extension.name}>
          {extension.name}
          {extension.component === MlflowInstancePicker && ' → the picker'}
          {extension.schema && ' with a schema'}
        </li>
      ))}
    </ul>
  );
}

describe('the MLflow plugin for the legacy frontend system', () => {
  it('provides MlflowInstancePicker for a scaffolder’s <ScaffolderFieldExtensions>', async () => {
    await renderInTestApp(
      <ListFieldExtensions
        outlet={
          <ScaffolderFieldExtensions>
            <MlflowInstancePickerFieldExtension />
          </ScaffolderFieldExtensions>
        }
      />,
    );
    expect(screen.getByRole('listitem')).toHaveTextContent(
      'MlflowInstancePicker → the picker with a schema',
    );
  });
});
