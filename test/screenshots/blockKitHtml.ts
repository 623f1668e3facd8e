import { emojiFor } from '../../src/views/emoji.js';

/** A message as the app sent it, and where it went, for a picture of it. */
export interface Shown {
  where: string;
  text?: string;
  blocks?: unknown[];
  /** App Home and modals: a view rather than a message. */
  view?: boolean;
}

type Json = Record<string, unknown>;

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Slack's mrkdwn as Slack shows it: entities, links, mentions, date tokens by their fallback, marks, emoji. */
export function mrkdwnHtml(source: string): string {
  const tokens: string[] = [];
  const keep = (html: string) => `\uE000${tokens.push(html) - 1}\uE000`;
  let text = source.replace(/```([\s\S]*?)```/g, (_m, code: string) => keep(`<pre>${code}</pre>`));
  text = text.replace(/`([^`\n]+)`/g, (_m, code: string) => keep(`<code>${code}</code>`));
  text = text.replace(/<([^<>]+)>/g, (_m, inner: string) => {
    const [target = '', label] = inner.split('|');
    if (target.startsWith('@')) return keep(`<span class="mention">@${label ?? target.slice(1)}</span>`);
    if (target.startsWith('#')) return keep(`<span class="mention">#${label ?? target.slice(1)}</span>`);
    if (target.startsWith('!date')) return keep(label ?? target);
    if (target.startsWith('!')) return keep(`<span class="mention">@${target.slice(1)}</span>`);
    return keep(`<a>${label ?? target}</a>`);
  });
  text = text
    .replace(/(^|[\s(])\*([^*\n]+)\*/g, '$1<b>$2</b>')
    .replace(/(^|[\s(])_([^_\n]+)_/g, '$1<i>$2</i>')
    .replace(/(^|[\s(])~([^~\n]+)~/g, '$1<s>$2</s>')
    .replace(/:([a-z0-9_+-]+):/g, (code, name: string) => emojiFor(name) ?? code)
    .replace(/^&gt; ?(.*)$/gm, '<blockquote>$1</blockquote>')
    .replace(/\n/g, '<br>');
  // Slack's text arrives with &lt; &gt; &amp; already escaped; the tokens were taken out before marks.
  return text.replace(/\uE000(\d+)\uE000/g, (_m, i: string) => tokens[Number(i)] ?? '');
}

function textHtml(text: Json | undefined): string {
  if (!text) return '';
  const value = String(text.text ?? '');
  return text.type === 'mrkdwn' ? mrkdwnHtml(value) : escapeHtml(value);
}

function elementHtml(element: Json): string {
  switch (element.type) {
    case 'button': {
      const style = element.style === 'primary' ? ' primary' : element.style === 'danger' ? ' danger' : '';
      return `<span class="button${style}">${textHtml(element.text as Json)}</span>`;
    }
    case 'overflow':
      return '<span class="button">⋯</span>';
    case 'static_select':
    case 'external_select':
    case 'users_select':
    case 'conversations_select':
      return `<span class="button select">${textHtml(element.placeholder as Json) || 'Choose'} ▾</span>`;
    case 'image':
      return `<span class="image">${escapeHtml(String(element.alt_text ?? ''))}</span>`;
    case 'mrkdwn':
    case 'plain_text':
      return textHtml(element);
    default:
      return element.text ? textHtml(element.text as Json) : '';
  }
}

function blockHtml(block: Json): string {
  switch (block.type) {
    case 'header':
      return `<div class="header">${textHtml(block.text as Json)}</div>`;
    case 'divider':
      return '<hr>';
    case 'context': {
      const parts = ((block.elements as Json[]) ?? []).map(elementHtml);
      return `<div class="context">${parts.join(' ')}</div>`;
    }
    case 'actions': {
      const parts = ((block.elements as Json[]) ?? []).map(elementHtml);
      return `<div class="actions">${parts.join('')}</div>`;
    }
    case 'section': {
      const fields = ((block.fields as Json[]) ?? []).map((f) => `<div>${textHtml(f)}</div>`);
      const accessory = block.accessory
        ? `<div class="accessory">${elementHtml(block.accessory as Json)}</div>`
        : '';
      return `<div class="section"><div class="body">${textHtml(block.text as Json)}${
        fields.length ? `<div class="fields">${fields.join('')}</div>` : ''
      }</div>${accessory}</div>`;
    }
    case 'input':
      return `<div class="section"><b>${textHtml(block.label as Json)}</b><div class="input"></div></div>`;
    default:
      return '';
  }
}

const STYLE = `
body { margin: 0; background: #fff; font: 15px/1.47 -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", sans-serif; color: #1d1c1d; }
.where { background: #f8f8f8; border-bottom: 1px solid #ddd; padding: 8px 20px; font-size: 13px; color: #616061; }
.message { display: flex; padding: 12px 20px 16px; }
.avatar { width: 36px; height: 36px; border-radius: 6px; background: #ff9900; color: #fff; font-weight: 700; display: flex; align-items: center; justify-content: center; margin-right: 10px; flex: none; }
.name { font-weight: 900; } .app { font-size: 10px; background: #e8e8e8; color: #616061; padding: 1px 3px; border-radius: 2px; margin-left: 4px; }
.time { color: #616061; font-size: 12px; margin-left: 6px; } .content { flex: 1; min-width: 0; }
.header { font-size: 18px; font-weight: 900; margin: 4px 0; } hr { border: 0; border-top: 1px solid #ddd; margin: 10px 0; }
.section { display: flex; margin: 4px 0; } .section .body { flex: 1; } .accessory { margin-left: 12px; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; margin-top: 4px; }
.context { font-size: 13px; color: #616061; margin: 4px 0; }
.actions { margin: 8px 0; display: flex; flex-wrap: wrap; gap: 8px; }
.button { display: inline-block; border: 1px solid #bbb; border-radius: 4px; padding: 3px 12px; font-weight: 700; font-size: 14px; background: #fff; }
.primary { background: #007a5a; border-color: #007a5a; color: #fff; } .danger { color: #e01e5a; border-color: #e01e5a; }
.mention { background: #e8f5fa; color: #1264a3; border-radius: 3px; padding: 0 2px; } a { color: #1264a3; }
code { font: 12px monospace; color: #e01e5a; background: #f6f6f6; border: 1px solid #ddd; border-radius: 3px; padding: 0 3px; }
pre { font: 12px monospace; background: #f6f6f6; border: 1px solid #ddd; border-radius: 4px; padding: 8px; white-space: pre-wrap; }
blockquote { border-left: 4px solid #ddd; margin: 0; padding-left: 10px; }
.input { border: 1px solid #bbb; border-radius: 4px; height: 32px; margin-top: 4px; }
`;

/** One HTML page showing the message (or view) as Slack would, at 720 px wide. */
export function pageHtml(shown: Shown): string {
  const blocks = (shown.blocks ?? []) as Json[];
  const body = blocks.length
    ? blocks.map(blockHtml).join('\n')
    : `<div class="section">${mrkdwnHtml(shown.text ?? '')}</div>`;
  const head = shown.view
    ? ''
    : '<div><span class="name">reauth-bot</span><span class="app">APP</span><span class="time">9:30 AM</span></div>';
  return `<!doctype html><html><head><meta charset="utf-8"><style>${STYLE}</style></head><body>
<div class="where">${escapeHtml(shown.where)}</div>
<div class="message">${shown.view ? '' : '<div class="avatar">R</div>'}<div class="content">${head}${body}</div></div>
</body></html>`;
}
