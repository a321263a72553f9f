"""Driving pages with the keyboard alone: Tab to a control (failing if its focus is not
visible), then Enter, Space, arrows or typing, as a person without a mouse does."""

import re

# Whether the focused element shows a focus ring a person can see: it matches
# :focus-visible and draws an outline (or a box shadow), and it is on the screen.
FOCUS_SHOWN = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "nothing has focus";
  const style = getComputedStyle(el);
  const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
    || style.boxShadow !== "none";
  const box = el.getBoundingClientRect();
  const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "");
  if (!el.matches(":focus-visible")) return name + " does not match :focus-visible";
  if (!ring) return name + " draws no focus ring";
  if (box.width === 0 || box.height === 0) return name + " is not on the screen";
  return "";
}"""

IS_FOCUSED = "el => el === document.activeElement"


def assert_focus_visible(page) -> None:
    problem = page.evaluate(FOCUS_SHOWN)
    assert not problem, f"focus not visible on {page.url}: {problem}"


def tab_to(page, locator, *, limit: int = 250, backwards: bool = False) -> None:
    """Presses Tab (or Shift+Tab) until `locator` has focus, checking each stop shows it."""
    target = locator.element_handle()
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("() => document.activeElement !== document.body"):
            assert_focus_visible(page)
        if target.evaluate(IS_FOCUSED):
            return
    raise AssertionError(f"{limit} presses of {key} never reached {locator} on {page.url}")


def activate(page, locator) -> None:
    """Tab to a link or button and press Enter."""
    tab_to(page, locator)
    page.keyboard.press("Enter")


def type_into(page, locator, text: str) -> None:
    tab_to(page, locator)
    page.keyboard.type(text)


def check(page, locator) -> None:
    """Tab to a checkbox and tick it with Space."""
    tab_to(page, locator)
    page.keyboard.press("Space")
    assert locator.is_checked(), f"Space did not tick {locator}"


def choose_radio(page, locator) -> None:
    """Tab into the radio group, then move with the arrows to `locator` (which checks it)."""
    name = locator.get_attribute("name")
    for _ in range(250):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.name === {name!r}"):
            break
    else:
        raise AssertionError(f"Tab never reached the radio group {name}")
    assert_focus_visible(page)
    target = locator.element_handle()
    radios = page.locator(f"input[type=radio][name={name!r}]").count()
    for _ in range(radios):
        if target.evaluate(IS_FOCUSED):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert locator.is_checked(), f"the arrows never chose {locator}"


def select_option(page, locator, label: str | re.Pattern) -> None:
    """Tab to a closed select and move to the option with the arrows."""
    tab_to(page, locator)
    labels = locator.evaluate("el => [...el.options].map((o) => o.label || o.text)")
    matches = (
        (lambda text: bool(label.search(text)))
        if isinstance(label, re.Pattern)
        else (lambda text: text.strip() == label)
    )
    wanted = next(i for i, text in enumerate(labels) if matches(text))
    current = locator.evaluate("el => el.selectedIndex")
    step = "ArrowDown" if wanted > current else "ArrowUp"
    for _ in range(abs(wanted - current)):
        page.keyboard.press(step)
    assert locator.evaluate("el => el.selectedIndex") == wanted, f"could not choose {label}"
