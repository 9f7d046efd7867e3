import { describe, expect, it } from "vitest";
import { resolveLang } from "../../engine/lang.js";

describe("the language of messages and reports", () => {
  const chineseWindows = () => "zh-CN";
  const englishSystem = () => "en-US";

  it("is --lang when given, whatever the environment and the system say", () => {
    expect(resolveLang("en", { LANG: "zh_CN.UTF-8" }, chineseWindows)).toBe("en");
    expect(resolveLang("zh", { LANG: "C" }, englishSystem)).toBe("zh");
  });

  it("is LC_ALL's, else LC_MESSAGES', else LANG's language (zh_* is Chinese)", () => {
    expect(resolveLang(undefined, { LANG: "zh_CN.UTF-8" }, englishSystem)).toBe("zh");
    expect(resolveLang(undefined, { LANG: "zh_CN.UTF-8", LC_ALL: "C" }, chineseWindows)).toBe("en");
    expect(resolveLang(undefined, { LANG: "C", LC_MESSAGES: "zh_CN.GB18030" }, englishSystem)).toBe("zh");
    // A variable set says the user's choice: the system is not asked.
    expect(resolveLang(undefined, { LANG: "C.UTF-8" }, chineseWindows)).toBe("en");
  });

  it("is the system's language where none of those is set, as on Windows: Chinese on a Chinese Windows", () => {
    expect(resolveLang(undefined, {}, chineseWindows)).toBe("zh");
    expect(resolveLang(undefined, { LANG: "" }, () => "zh-Hans-CN")).toBe("zh");
    expect(resolveLang(undefined, {}, englishSystem)).toBe("en");
    // ICU's answer where it knows nothing (a Linux without LANG): English.
    expect(resolveLang(undefined, {}, () => "und")).toBe("en");
  });

  it("asks this machine's system without failing", () => {
    expect(["zh", "en"]).toContain(resolveLang(undefined, {}));
  });
});
