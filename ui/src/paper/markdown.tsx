// Markdown to Preact nodes without any HTML string in between: the text is parsed by
// `marked`'s lexer and every token becomes an element whose text is set as text.
// Raw HTML in the source stays visible as text; images are not loaded; links do not
// navigate but go through `onLink`, which asks the shell (it checks the URL again).

import { lexer, type Token, type Tokens } from "marked";
import type { ComponentChildren, JSX } from "preact";
import { memo } from "preact/compat";
import { useMemo } from "preact/hooks";

export type LinkHandler = (href: string) => void;

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

/** Decodes the few HTML entities Markdown text may carry, as text. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

function inline(tokens: Token[] | undefined, onLink: LinkHandler): ComponentChildren[] {
  return (tokens ?? []).map((token, i) => inlineToken(token, i, onLink));
}

function inlineToken(token: Token, key: number, onLink: LinkHandler): ComponentChildren {
  switch (token.type) {
    case "text": {
      const t = token as Tokens.Text;
      return t.tokens ? <>{inline(t.tokens, onLink)}</> : decodeEntities(t.text);
    }
    case "escape":
      return (token as Tokens.Escape).text;
    case "strong":
      return <strong key={key}>{inline((token as Tokens.Strong).tokens, onLink)}</strong>;
    case "em":
      return <em key={key}>{inline((token as Tokens.Em).tokens, onLink)}</em>;
    case "del":
      return <del key={key}>{inline((token as Tokens.Del).tokens, onLink)}</del>;
    case "codespan":
      return <code key={key}>{decodeEntities((token as Tokens.Codespan).text)}</code>;
    case "br":
      return <br key={key} />;
    case "link": {
      const link = token as Tokens.Link;
      const activate = (e: JSX.TargetedEvent<HTMLElement>) => {
        e.preventDefault();
        onLink(link.href);
      };
      return (
        <a
          key={key}
          class="md-link"
          role="link"
          tabIndex={0}
          title={link.href}
          onClick={activate}
          onKeyDown={(e) => {
            if (e.key === "Enter") activate(e);
          }}
        >
          {inline(link.tokens, onLink)}
        </a>
      );
    }
    case "image": {
      const image = token as Tokens.Image;
      return (
        <span key={key} class="md-image" title={image.href}>
          [{image.text || image.href}]
        </span>
      );
    }
    default:
      // html and anything unknown: the source text, shown as text.
      return token.raw;
  }
}

function block(token: Token, key: number, onLink: LinkHandler): ComponentChildren {
  switch (token.type) {
    case "space":
      return null;
    case "paragraph":
      return <p key={key}>{inline((token as Tokens.Paragraph).tokens, onLink)}</p>;
    case "heading": {
      const h = token as Tokens.Heading;
      const level = Math.min(Math.max(h.depth, 1), 6);
      const Tag = `h${level}` as "h1";
      return <Tag key={key}>{inline(h.tokens, onLink)}</Tag>;
    }
    case "code":
      return (
        <pre key={key}>
          <code>{(token as Tokens.Code).text}</code>
        </pre>
      );
    case "blockquote":
      return <blockquote key={key}>{blocks((token as Tokens.Blockquote).tokens, onLink)}</blockquote>;
    case "hr":
      return <hr key={key} />;
    case "list": {
      const list = token as Tokens.List;
      const items = list.items.map((item, i) => (
        <li key={i}>
          {item.task ? <span class="md-task">{item.checked ? "☑ " : "☐ "}</span> : null}
          {blocks(item.tokens, onLink)}
        </li>
      ));
      if (list.ordered) {
        const start = typeof list.start === "number" ? list.start : undefined;
        return (
          <ol key={key} start={start}>
            {items}
          </ol>
        );
      }
      return <ul key={key}>{items}</ul>;
    }
    case "table": {
      const table = token as Tokens.Table;
      return (
        <table key={key}>
          <thead>
            <tr>
              {table.header.map((cell, i) => (
                <th key={i}>{inline(cell.tokens, onLink)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, c) => (
                  <td key={c}>{inline(cell.tokens, onLink)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    case "text": {
      // A tight list item's text.
      const t = token as Tokens.Text;
      return <span key={key}>{t.tokens ? inline(t.tokens, onLink) : decodeEntities(t.text)}</span>;
    }
    case "html":
      return (
        <p key={key} class="md-raw">
          {token.raw}
        </p>
      );
    default:
      return <p key={key}>{token.raw}</p>;
  }
}

function blocks(tokens: Token[] | undefined, onLink: LinkHandler): ComponentChildren[] {
  return (tokens ?? []).map((token, i) => block(token, i, onLink));
}

/** Deeper nesting than this (quotes in lists in quotes…) is shown as its source text. */
export const MAX_DEPTH = 64;

/** How deeply the tokens nest, walked without recursion. */
function depth(tokens: Token[]): number {
  let deepest = 0;
  const stack: [Token[], number][] = [[tokens, 1]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [level, d] = next;
    deepest = Math.max(deepest, d);
    for (const token of level) {
      const t = token as { tokens?: Token[]; items?: Token[] };
      if (t.tokens?.length) stack.push([t.tokens, d + 1]);
      if (t.items?.length) stack.push([t.items, d + 1]);
    }
  }
  return deepest;
}

/** The tokens of `source`, or null when it nests too deeply to render: marked's lexer and
 * the renderer recurse, and 10,000 `> ` or `- ` in a note or a digest's summary overflowed
 * the stack ("Maximum call stack size exceeded") and took the paper view down. */
export function tokensOf(source: string): Token[] | null {
  let tokens: Token[];
  try {
    tokens = lexer(source, { gfm: true });
  } catch (e) {
    if (e instanceof RangeError) return null;
    throw e;
  }
  return depth(tokens) > MAX_DEPTH ? null : tokens;
}

/** Re-renders only when its source or link handler changes: a paper's summaries and
 * note are lexed once, not at every change elsewhere in the app. */
export const Markdown = memo(function Markdown({ source, onLink }: { source: string; onLink: LinkHandler }) {
  const tokens = useMemo(() => tokensOf(source), [source]);
  if (!tokens) {
    return (
      <div class="markdown">
        <p class="md-raw">{source}</p>
      </div>
    );
  }
  return <div class="markdown">{blocks(tokens, onLink)}</div>;
});
