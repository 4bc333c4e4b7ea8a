import { afterEach, describe, expect, it } from "vitest";
import { detectLocale, resolveLocale, setLocale, t } from "./i18n";

afterEach(() => setLocale("en"));

describe("i18n", () => {
  it("follows the system language", () => {
    expect(detectLocale(["zh-CN", "en-US"])).toBe("zh-CN");
    expect(detectLocale(["zh_CN"])).toBe("zh-CN");
    expect(detectLocale(["zh-Hans-CN"])).toBe("zh-CN");
    expect(detectLocale(["en-GB", "zh-CN"])).toBe("en");
    expect(detectLocale(["de-DE", "zh-CN"])).toBe("zh-CN");
    expect(detectLocale(["zh-TW", "en"])).toBe("en");
    expect(detectLocale([])).toBe("en");
  });

  it("lets the setting override the system", () => {
    expect(resolveLocale("system", ["zh-CN"])).toBe("zh-CN");
    expect(resolveLocale("en", ["zh-CN"])).toBe("en");
    expect(resolveLocale("zh-CN", ["en-US"])).toBe("zh-CN");
  });

  it("fills parameters in both languages", () => {
    expect(t("triage.markedRead", { n: 36 })).toBe("Marked 36 papers read.");
    setLocale("zh-CN");
    expect(t("triage.markedRead", { n: 36 })).toBe("已将 36 篇论文标为已读。");
    expect(t("nav.unread")).toBe("未读");
    expect(document.documentElement.lang).toBe("zh-CN");
  });

  it("leaves an unknown parameter visible rather than guessing", () => {
    expect(t("list.papers")).toBe("{n} papers");
  });
});
