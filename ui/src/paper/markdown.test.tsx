import { render } from "preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeEntities, Markdown } from "./markdown";

let host: HTMLElement;

function show(source: string, onLink = vi.fn()) {
  host = document.createElement("div");
  document.body.appendChild(host);
  render(<Markdown source={source} onLink={onLink} />, host);
  return { host, onLink };
}

afterEach(() => {
  render(null, host);
  host.remove();
  document.title = "Papershelf";
});

describe("Markdown", () => {
  it("renders ordinary Markdown as elements", () => {
    const { host } = show("# Idea\n\nSome **bold** and *em* and `code`.\n\n- one\n- two\n\n> quoted");
    expect(host.querySelector("h1")?.textContent).toBe("Idea");
    expect(host.querySelector("strong")?.textContent).toBe("bold");
    expect(host.querySelector("em")?.textContent).toBe("em");
    expect(host.querySelector("code")?.textContent).toBe("code");
    expect(host.querySelectorAll("li")).toHaveLength(2);
    expect(host.querySelector("blockquote")?.textContent).toContain("quoted");
  });

  it("shows raw HTML from hostile.md as text and runs none of it", () => {
    document.title = "Papershelf";
    const hostile =
      "<img src=x onerror=\"document.title='pwned'\"> A title that carries markup\n\n" +
      "**<script>document.title='pwned'</script>**, **核心关键词**\n\n<iframe src=\"file:///etc/passwd\"></iframe>";
    const { host } = show(hostile);
    expect(host.querySelector("img, script, iframe")).toBeNull();
    expect(host.textContent).toContain("<img src=x onerror=\"document.title='pwned'\">");
    expect(host.textContent).toContain("<script>document.title='pwned'</script>");
    expect(document.title).toBe("Papershelf");
  });

  it("never gives a link an href; a click asks the shell", () => {
    const { host, onLink } = show("[a](javascript:alert(1)) and [b](https://arxiv.org/abs/2510.01174)");
    const links = host.querySelectorAll("a");
    expect(links).toHaveLength(2);
    for (const a of links) expect(a.hasAttribute("href")).toBe(false);
    (links[0] as HTMLElement).click();
    (links[1] as HTMLElement).click();
    expect(onLink.mock.calls).toEqual([["javascript:alert(1)"], ["https://arxiv.org/abs/2510.01174"]]);
  });

  it("does not load images", () => {
    const { host } = show("![tracker](http://127.0.0.1:8080/pixel.png)");
    expect(host.querySelector("img")).toBeNull();
    expect(host.textContent).toContain("[tracker]");
  });

  it("shows Markdown nested 10,000 deep as its text instead of overflowing the stack", () => {
    for (const open of ["> ", "- ", "1. ", "> - "]) {
      const source = open.repeat(10_000) + "deep";
      const { host } = show(source);
      expect(host.querySelector("blockquote, li")).toBeNull();
      expect(host.querySelector(".md-raw")?.textContent).toBe(source);
      render(null, host);
      host.remove();
    }
    // Nesting a page really has is still rendered.
    const { host } = show("> - 1. > three levels in");
    expect(host.querySelector("blockquote li li blockquote, blockquote li blockquote")).not.toBeNull();
  });

  it("decodes entities as text", () => {
    expect(decodeEntities("a &amp; b &lt;i&gt; &#x4e2d; &#20013; &bogus;")).toBe("a & b <i> 中 中 &bogus;");
  });
});
