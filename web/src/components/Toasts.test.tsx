import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { describeEvent } from '../format/format';
import { ToastList } from './Toasts';

describe('free text is rendered as text', () => {
  it('escapes markup in an event message instead of rendering it', () => {
    const text = describeEvent('admin:notification', { type: 'system_alert', message: '<img src=x onerror="alert(1)">' });
    const html = renderToStaticMarkup(<ToastList toasts={[{ id: 1, text, tone: 'info' }]} onDismiss={() => undefined} />);
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain('role="log"');
    expect(html).toContain('aria-live="polite"');
  });

  it('no source file injects HTML', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(tsx?|jsx?)$/.test(name) && !name.endsWith('.test.tsx')) files.push(path);
      }
    };
    walk(join(__dirname, '..'));
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((f) => /dangerouslySetInnerHTML|\.innerHTML\s*=|insertAdjacentHTML/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
