import { Alert, createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

// A deep, quiet blue: the colour of a document folder, not of a marketing page.
const custos: MantineColorsTuple = [
  '#eef3f8',
  '#dbe4ee',
  '#b3c7db',
  '#89a8c8',
  '#668eb8',
  '#4f7dae',
  '#4275aa',
  '#336395',
  '#285886',
  '#1c3d5a',
];

export const theme = createTheme({
  primaryColor: 'custos',
  primaryShade: { light: 7, dark: 4 },
  colors: { custos },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: {
    fontWeight: '650',
    sizes: {
      h1: { fontSize: '1.75rem', lineHeight: '1.25' },
      h2: { fontSize: '1.35rem', lineHeight: '1.3' },
      h3: { fontSize: '1.1rem', lineHeight: '1.35' },
    },
  },
  defaultRadius: 'sm',
  // Black or white text, whichever reads better on a filled colour (badges, buttons).
  autoContrast: true,
  respectReducedMotion: true,
  components: {
    // A coloured title on a tinted background falls below AA contrast; the colour is in the border.
    Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-text)' } } }),
  },
  focusRing: 'auto',
});

/** Secondary text dark enough for WCAG AA contrast (Mantine's default grey is 3.3:1 on white). */
export const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#555d66', '--mantine-color-error': '#c92a2a' },
  dark: { '--mantine-color-dimmed': '#a6a7ab' },
});
