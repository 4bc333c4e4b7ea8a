// The UI's words in English and Simplified Chinese. A missing key is a type error.

export type Locale = "en" | "zh-CN";
export type LanguageSetting = "system" | Locale;

const en = {
  "app.title": "Papershelf",
  "nav.all": "All",
  "nav.unread": "Unread",
  "nav.starred": "Starred",
  "nav.digests": "Digests",
  "nav.noDigests": "No digests yet",
  "list.empty": "Nothing here.",
  "list.emptyUnread": "All caught up: nothing unread.",
  "list.papers": "{n} papers",
  "list.paper": "1 paper",
  "list.filter": "Keyword",
  "list.clearFilter": "Clear keyword filter",
  "list.searchResults": "Search: {q}",
  "list.markDigestRead": "Mark digest read",
  "paper.none": "Select a paper to read it.",
  "paper.read": "Read",
  "paper.unread": "Unread",
  "paper.markRead": "Mark read",
  "paper.markUnread": "Mark unread",
  "paper.star": "Star",
  "paper.unstar": "Unstar",
  "paper.starred": "Starred",
  "paper.openArxiv": "Open on arXiv",
  "paper.noArxivId": "No arXiv id",
  "paper.appearedIn": "Appeared in",
  "paper.summary": "Summary",
  "paper.keywords": "Keywords",
  "paper.link": "Link",
  "note.title": "Note",
  "note.edit": "Edit",
  "note.preview": "Preview",
  "note.placeholder": "Write a note in Markdown…",
  "note.empty": "No note yet. Press n to write one.",
  "note.saved": "Saved",
  "note.saving": "Saving…",
  "note.unsaved": "Unsaved changes",
  "note.failed": "Not saved: {message}",
  "search.placeholder": "Search papers (/)",
  "import.button": "Import",
  "import.files": "Import files…",
  "import.folder": "Import folder…",
  "import.sample": "Import the sample digest",
  "import.dropHere": "Drop digest files to import them",
  "import.resultTitle": "Import finished",
  "import.added": "added",
  "import.updated": "updated",
  "import.unchanged": "unchanged",
  "import.warnings": "Warnings",
  "import.errors": "Errors",
  "import.line": "line {n}",
  "import.running": "Importing…",
  "import.digestFilter": "Digest files",
  "welcome.title": "Your library is empty",
  "welcome.body": "Import a daily digest (Markdown) to start reading. You can also drop files on this window.",
  "welcome.library": "Library: {dir}",
  "triage.markedRead": "Marked {n} papers read.",
  "triage.undo": "Undo",
  "triage.undone": "Restored {n} papers to unread.",
  "settings.title": "Settings",
  "settings.language": "Language",
  "settings.languageSystem": "Follow the system",
  "settings.markReadOnOpen": "Mark a paper read when it is opened",
  "settings.allowedHosts": "Extra link hosts to open in the browser (one per line)",
  "settings.allowedHostsHelp": "arXiv links always open. Only https links to these hosts open as well.",
  "settings.save": "Save",
  "settings.library": "Library folder",
  "common.close": "Close",
  "common.cancel": "Cancel",
  "common.error": "Error: {message}",
  "shortcuts.title": "Keyboard shortcuts",
  "shortcuts.next": "Next paper",
  "shortcuts.prev": "Previous paper",
  "shortcuts.open": "Open paper",
  "shortcuts.toggleRead": "Toggle read",
  "shortcuts.star": "Toggle star",
  "shortcuts.note": "Edit note",
  "shortcuts.leave": "Leave the editor / close",
  "shortcuts.search": "Search",
  "shortcuts.goUnread": "Go to Unread",
  "shortcuts.goStarred": "Go to Starred",
  "shortcuts.goAll": "Go to All",
  "shortcuts.help": "Show shortcuts",
  "shortcuts.button": "Shortcuts (?)",
  "live.updated": "Library updated",
} as const;

export type MessageKey = keyof typeof en;

const zhCN: Record<MessageKey, string> = {
  "app.title": "Papershelf",
  "nav.all": "全部",
  "nav.unread": "未读",
  "nav.starred": "星标",
  "nav.digests": "日报",
  "nav.noDigests": "还没有日报",
  "list.empty": "这里没有内容。",
  "list.emptyUnread": "全部读完了：没有未读论文。",
  "list.papers": "{n} 篇论文",
  "list.paper": "1 篇论文",
  "list.filter": "关键词",
  "list.clearFilter": "清除关键词筛选",
  "list.searchResults": "搜索：{q}",
  "list.markDigestRead": "整份日报标为已读",
  "paper.none": "选择一篇论文开始阅读。",
  "paper.read": "已读",
  "paper.unread": "未读",
  "paper.markRead": "标为已读",
  "paper.markUnread": "标为未读",
  "paper.star": "加星标",
  "paper.unstar": "取消星标",
  "paper.starred": "已加星标",
  "paper.openArxiv": "在 arXiv 上打开",
  "paper.noArxivId": "没有 arXiv 编号",
  "paper.appearedIn": "出现于",
  "paper.summary": "摘要",
  "paper.keywords": "关键词",
  "paper.link": "链接",
  "note.title": "笔记",
  "note.edit": "编辑",
  "note.preview": "预览",
  "note.placeholder": "用 Markdown 写笔记…",
  "note.empty": "还没有笔记。按 n 开始写。",
  "note.saved": "已保存",
  "note.saving": "正在保存…",
  "note.unsaved": "有未保存的修改",
  "note.failed": "未保存：{message}",
  "search.placeholder": "搜索论文 (/)",
  "import.button": "导入",
  "import.files": "导入文件…",
  "import.folder": "导入文件夹…",
  "import.sample": "导入示例日报",
  "import.dropHere": "把日报文件拖到这里导入",
  "import.resultTitle": "导入完成",
  "import.added": "新增",
  "import.updated": "更新",
  "import.unchanged": "未变",
  "import.warnings": "警告",
  "import.errors": "错误",
  "import.line": "第 {n} 行",
  "import.running": "正在导入…",
  "import.digestFilter": "日报文件",
  "welcome.title": "文库还是空的",
  "welcome.body": "导入一份每日论文日报（Markdown）即可开始阅读，也可以把文件拖到窗口上。",
  "welcome.library": "文库位置：{dir}",
  "triage.markedRead": "已将 {n} 篇论文标为已读。",
  "triage.undo": "撤销",
  "triage.undone": "已将 {n} 篇论文恢复为未读。",
  "settings.title": "设置",
  "settings.language": "语言",
  "settings.languageSystem": "跟随系统",
  "settings.markReadOnOpen": "打开论文时标为已读",
  "settings.allowedHosts": "允许在浏览器中打开的其他链接主机（每行一个）",
  "settings.allowedHostsHelp": "arXiv 链接总是可以打开；另外只打开指向这些主机的 https 链接。",
  "settings.save": "保存",
  "settings.library": "文库文件夹",
  "common.close": "关闭",
  "common.cancel": "取消",
  "common.error": "出错：{message}",
  "shortcuts.title": "键盘快捷键",
  "shortcuts.next": "下一篇",
  "shortcuts.prev": "上一篇",
  "shortcuts.open": "打开论文",
  "shortcuts.toggleRead": "切换已读",
  "shortcuts.star": "切换星标",
  "shortcuts.note": "编辑笔记",
  "shortcuts.leave": "离开编辑器 / 关闭",
  "shortcuts.search": "搜索",
  "shortcuts.goUnread": "转到未读",
  "shortcuts.goStarred": "转到星标",
  "shortcuts.goAll": "转到全部",
  "shortcuts.help": "显示快捷键",
  "shortcuts.button": "快捷键 (?)",
  "live.updated": "文库已更新",
};

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, "zh-CN": zhCN };

/** Picks the UI language from the system's preferred languages (BCP 47 tags). */
export function detectLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const lower = tag.toLowerCase().replace("_", "-");
    if (lower.startsWith("zh")) {
      // Traditional Chinese readers get English rather than the wrong script.
      if (/^zh-(hant|tw|hk|mo)/.test(lower)) continue;
      return "zh-CN";
    }
    if (lower.startsWith("en")) return "en";
  }
  return "en";
}

export function resolveLocale(setting: LanguageSetting, preferred: readonly string[]): Locale {
  return setting === "system" ? detectLocale(preferred) : setting;
}

let current: Locale = "en";

export function setLocale(locale: Locale): void {
  current = locale;
  document.documentElement.lang = locale;
}

export function locale(): Locale {
  return current;
}

/** The message for `key` in the current language, with `{name}` replaced by `params.name`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogs[current][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function systemLanguages(): readonly string[] {
  if (typeof navigator === "undefined") return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}
