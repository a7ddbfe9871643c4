import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import { KubeflowParameterSpec } from '@mlops-portal/plugin-kubeflow-common';
import { FieldKind, FieldValue, fieldKind, typeHint } from './parameterForm';

// The keyboard a phone shows for the field.
const INPUT_MODES: Partial<Record<FieldKind, 'numeric' | 'decimal'>> = {
  integer: 'numeric',
  number: 'decimal',
};

const useStyles = makeStyles({
  code: { fontFamily: 'monospace', fontSize: '0.875rem' },
});

/** One declared parameter's field, typed by its KFP parameter type. */
export function ParameterField(props: {
  spec: KubeflowParameterSpec;
  value: FieldValue;
  onChange: (value: FieldValue) => void;
  /** What is wrong with the value, once the user has tried to start the run. */
  problem?: string;
  disabled?: boolean;
}) {
  const { spec, value, onChange, problem, disabled } = props;
  const classes = useStyles();
  const kind = fieldKind(spec.type);
  const id = `kubeflow-parameter-${spec.name}`;
  const help = [spec.description, typeHint(spec.type)]
    .filter(Boolean)
    .join(' · ');

  if (kind === 'boolean') {
    return (
      <FormControl margin="dense" fullWidth error={Boolean(problem)}>
        <FormControlLabel
          label={spec.optional ? spec.name : `${spec.name} (required)`}
          control={
            <Switch
              color="primary"
              checked={value === true}
              onChange={e => onChange(e.target.checked)}
              disabled={disabled}
              inputProps={{ 'aria-describedby': `${id}-help` }}
            />
          }
        />
        <FormHelperText id={`${id}-help`} role={problem ? 'alert' : undefined}>
          {problem ??
            (value === undefined ? `${help} · not set: left out` : help)}
        </FormHelperText>
      </FormControl>
    );
  }

  return (
    <TextField
      id={id}
      label={spec.name}
      required={!spec.optional}
      value={typeof value === 'string' ? value : ''}
      onChange={e => onChange(e.target.value)}
      error={Boolean(problem)}
      helperText={problem ?? help}
      FormHelperTextProps={{ role: problem ? 'alert' : undefined }}
      // text, not type=number: a wrong entry stays visible and is explained, not emptied
      inputProps={{
        inputMode: INPUT_MODES[kind],
        spellCheck: kind === 'json' ? false : undefined,
      }}
      InputProps={
        kind === 'json' ? { classes: { input: classes.code } } : undefined
      }
      multiline={kind === 'json'}
      minRows={kind === 'json' ? 3 : undefined}
      fullWidth
      margin="dense"
      variant="outlined"
      disabled={disabled}
    />
  );
}
