// The page shell's accessibility, where Streamlit 1.67 offers no option. qmi/ui/shell.py fills in the
// configuration and runs this in the page; st.html runs it again whenever the configuration changes (the
// language, signing in or out); the observer below stays from the first run and reads the latest one.
//
// - html lang: Streamlit's index.html says "en" whatever the page's language (streamlit issue 15726).
// - Skip links, the first focusable elements: to the main content, and to the sign-in box in the sidebar
//   (opened, its first field focused), so that signing in takes 2 Tabs however long the navigation.
// - Focus after signing in or out: on the box that replaced the one that had it, not dropped to the body.
// - The sidebar navigation's list markup: Streamlit draws ul > div (a section: its header and its li
//   links); a div may not sit in a ul, nor an li outside one (axe "list", "listitem"). Each section
//   becomes the list (role="list", named by its header, which is then hidden from assistive technologies
//   as it would be read twice), the outer ul a plain container (role="none").
//
// No "less than" sign before a letter here: DOMPurify (st.html) drops a script whose text looks like markup.
// - Streamlit's own English texts (uploader, date picker, select boxes, "Help for…", "Press Enter…"): each
//   replaced by the page's language, in the visible text and in the accessible names.
(() => {
  const state = window.qmiShell || (window.qmiShell = {});
  const previous = state.config;
  state.config = __QMI_CONFIG__;
  document.documentElement.lang = state.config.lang;

  const ATTRIBUTES = ["aria-label", "aria-valuetext", "placeholder", "title"];
  // Where Streamlit writes English text of its own (text nodes are only rewritten inside these); the date
  // input's description ("Selected Date: …", read by screen readers) hangs from the body.
  const TEXT_HOLDERS = '[data-testid="stFileUploader"], [data-testid="InputInstructions"], [data-testid="stDateInput"], ' +
                       '[aria-live], body > [id^="react-aria-description"]';

  function localized(text) {
    for (const [pattern, replacement, kind] of state.config.replacements) {
      const match = new RegExp(pattern).exec(text);
      if (!match) continue;
      let value = match[1] || "";
      if (kind === "date") {
        const day = new Date(value);
        if (!Number.isNaN(day.getTime())) {
          value = day.toLocaleDateString(state.config.lang, {day: "numeric", month: "long", year: "numeric"});
        }
      }
      return text.replace(match[0], replacement.replace("{value}", value));
    }
    return text;
  }

  function translate() {
    if (!state.config.replacements.length) return;
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return;
    for (const element of app.querySelectorAll(ATTRIBUTES.map((a) => `[${a}]`).join(","))) {
      for (const name of ATTRIBUTES) {
        const value = element.getAttribute(name);
        if (value) {
          const text = localized(value);
          if (text !== value) element.setAttribute(name, text);
        }
      }
    }
    for (const holder of document.querySelectorAll(TEXT_HOLDERS)) {
      const walker = document.createTreeWalker(holder, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = localized(node.nodeValue);
        if (text !== node.nodeValue) node.nodeValue = text;
      }
    }
  }

  function fixNavigation() {
    const items = document.querySelector('[data-testid="stSidebarNavItems"]');
    if (!items) return;
    setAttribute(items, "role", "none");
    for (const section of items.children) {
      const header = section.querySelector(":scope > header");
      if (!header) continue;
      setAttribute(section, "role", "list");
      const title = header.querySelector('[data-testid="stMarkdownContainer"]') || header;  // not the icon's name
      setAttribute(section, "aria-label", title.textContent.trim());
      setAttribute(header, "aria-hidden", "true");
    }
  }

  // A table wider than the screen scrolls: keyboard users must be able to reach it (axe
  // "scrollable-region-focusable"); one that fits needs no extra Tab stop.
  function scrollableTables() {
    for (const scroller of document.querySelectorAll('[data-testid="stTable"] > div')) {
      if (scroller.scrollWidth > scroller.clientWidth) setAttribute(scroller, "tabindex", "0");
      else if (scroller.getAttribute("tabindex") === "0") scroller.removeAttribute("tabindex");
    }
  }

  function setAttribute(element, name, value) {
    if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  }

  function skipLinks() {
    let nav = document.getElementById("qmi-skip");
    if (!nav) {
      nav = document.createElement("nav");
      nav.id = "qmi-skip";
      nav.className = "qmi-skip";
      nav.addEventListener("click", onSkip);
      document.body.prepend(nav);
    }
    const texts = state.config.texts;
    setAttribute(nav, "aria-label", texts.skip_links);
    const links = [["main", texts.skip_main], ...(state.config.signed_in ? [] : [["sign-in", texts.skip_sign_in]])];
    const key = JSON.stringify(links);
    if (nav.dataset.links === key) return;
    nav.dataset.links = key;
    nav.replaceChildren(...links.map(([target, text]) => {
      const link = document.createElement("a");
      link.href = `#qmi-${target}`;
      link.dataset.target = target;
      link.textContent = text;
      return link;
    }));
  }

  function onSkip(event) {
    const link = event.target.closest("a[data-target]");
    if (!link) return;
    event.preventDefault();
    if (link.dataset.target === "main") {
      const main = document.querySelector('[data-testid="stMain"]');
      focus(main.querySelector("h1") || main);
    } else {
      openSignIn();
    }
  }

  function focus(element) {
    if (!element) return;
    if (!element.matches("a, button, input, select, textarea, summary, [tabindex]")) element.setAttribute("tabindex", "-1");
    element.focus();
  }

  // Focuses the first shown element matching ``selector`` as soon as it can take the focus (within 3 s): a
  // box that opens or a sidebar that slides in takes a few frames.
  function focusWhenShown(selector, tries = 60) {
    const element = [...document.querySelectorAll(selector)].find(
      (e) => e.checkVisibility({visibilityProperty: true}) && e.getBoundingClientRect().height > 0);
    if (element) focus(element);
    if ((!element || document.activeElement !== element) && tries > 0) {
      setTimeout(() => focusWhenShown(selector, tries - 1), 50);
    }
  }

  function openSignIn() {
    const sidebar = document.querySelector('[data-testid="stSidebar"]');
    if (sidebar && sidebar.getAttribute("aria-expanded") === "false") {
      document.querySelector('[data-testid="stExpandSidebarButton"]')?.click();
    }
    const details = document.querySelector(".st-key-qmi_auth details");
    if (details && !details.open) details.querySelector("summary").click();
    focusWhenShown(".st-key-qmi_auth input");
  }

  function keepFocus() {
    if (!previous || previous.signed_in === state.config.signed_in) return;
    focusWhenShown(state.config.signed_in ? ".st-key-qmi_auth" : ".st-key-qmi_auth summary");
  }

  function apply() {
    state.scheduled = false;
    fixNavigation();
    scrollableTables();
    translate();
  }

  skipLinks();
  keepFocus();
  apply();
  if (!state.observer) {
    window.addEventListener("resize", () => requestAnimationFrame(scrollableTables));
    state.observer = new MutationObserver(() => {
      if (!state.scheduled) {
        state.scheduled = true;
        requestAnimationFrame(apply);
      }
    });
    state.observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                                           attributeFilter: ATTRIBUTES});
  }
})();
