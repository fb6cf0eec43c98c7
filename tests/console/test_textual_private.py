"""Textual's private parts that Tuki relies on, each tested for the shape Tuki uses.

Textual is pinned to one major version (pyproject.toml); these tests say which private part
changed when a new version breaks Tuki, instead of a confusing failure somewhere else."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.filter import NoColor
from textual.keys import _normalize_key_list

from tests.console_helpers import SIZE, arrive, demo_store, make_app
from tui.app import TukiApp
from tui.screens.base import localize_bindings
from tui.screens.clients import ClientsScreen
from tui.spare_log import SpareLog


def test_handle_exception_is_the_hook_tuki_overrides() -> None:
    """``App._handle_exception(error)``: every unhandled error of a handler passes through it."""
    params = list(inspect.signature(App._handle_exception).parameters)
    assert params == ["self", "error"]
    assert "_handle_exception" in vars(TukiApp)


def test_normalize_key_list_turns_characters_into_key_names() -> None:
    """``textual.keys._normalize_key_list``: what ``App.set_keymap`` does to a user's keys."""
    assert _normalize_key_list("?") == "question_mark"
    assert _normalize_key_list("ctrl+s,f2") == "ctrl+s,f2"


def test_merged_bindings_hold_a_class_s_bindings_with_the_inherited_ones() -> None:
    """``DOMNode._merged_bindings``: the key check reads every class's bindings through it."""
    merged = ClientsScreen._merged_bindings
    assert isinstance(merged, BindingsMap)
    ids = {b.id for bindings in merged.key_to_bindings.values() for b in bindings}
    assert "clients.new" in ids


async def test_bindings_of_a_node_can_be_reworded_in_place(tmp_path: Path) -> None:
    """``DOMNode._bindings.key_to_bindings``: a dict of key -> [Binding] that Tuki rewords."""
    app = make_app(demo_store(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, type(app.screen))
        table = app.screen._bindings.key_to_bindings
        assert isinstance(table, dict)
        assert all(isinstance(b, Binding) for bs in table.values() for b in bs)
        localize_bindings(app.screen)  # the words are the current language's, not catalog keys
        words = [b.description for bs in table.values() for b in bs if b.description]
        assert words and not [w for w in words if "." in w and " " not in w]


async def test_exit_renderables_hold_the_message_of_exit(tmp_path: Path) -> None:
    """``App._exit_renderables``: tests read the message the console ends with from it."""
    app = make_app(demo_store(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, type(app.screen))
        app.exit(1, return_code=1, message="goodbye")
        shown = [str(r) for r in app._exit_renderables]  # printed and cleared at the very end
    assert shown == ["goodbye"]
    assert app.return_code == 1


async def test_filters_are_the_list_get_line_filters_reads(tmp_path: Path) -> None:
    """``App._filters``: tui/no_color.py puts Textual's NoColor in place of Monochrome there."""
    app = make_app(demo_store(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, type(app.screen))
        assert isinstance(app._filters, list)
        marker = NoColor()
        app._filters.append(marker)
        assert marker in app.get_line_filters()
        app._filters.remove(marker)


def test_linux_driver_writes_through_its_file_attribute() -> None:
    """``LinuxDriver._file``: the file its writer thread writes to; Tuki wraps it so that a
    terminal gone away drops writes instead of ending that thread (tui/terminal.py)."""
    pytest.importorskip("termios")
    from textual.drivers.linux_driver import LinuxDriver

    source = inspect.getsource(LinuxDriver)
    assert "self._file = " in source and "WriterThread(self._file)" in source


async def test_screen_stacks_hold_every_mode_s_screens(tmp_path: Path) -> None:
    """``App._screen_stacks``: mode -> its screens; a lost terminal saves the drafts of all."""
    app = make_app(demo_store(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, type(app.screen))
        stacks = app._screen_stacks
        assert isinstance(stacks, dict)
        assert any(app.screen in stack for stack in stacks.values())


def test_a_select_keeps_its_value_and_options_before_it_is_mounted() -> None:
    """``Select._value`` (the value given, until mounted) and ``Select._options`` (label, value
    pairs): a form reads the values it would open with from widgets it does not mount (after a
    conflict), and words a kept value by its option's label (tui/widgets/typed.py)."""
    from textual.widgets import Select

    from tui.widgets.typed import shown, value_of

    select: Select[str] = Select([("yksi", "1"), ("kaksi", "2")], value="2", allow_blank=False)
    assert not select.is_mounted and select._value == "2"
    assert ("kaksi", "2") in select._options
    assert value_of(select) == "2" and shown(select, "1") == "yksi"


def test_the_palette_words_no_matches_where_tui_textual_words_rewords_it() -> None:
    """``CommandPalette._start_no_matches_countdown(search_value)`` writes "No matches found"
    with ``_NO_MATCHES``, ``_list_visible`` and ``_no_matches_timer``: tui.textual_words's
    palette is that method with the words in the user's language."""
    from textual.command import CommandPalette

    source = inspect.getsource(CommandPalette._start_no_matches_countdown)
    assert '"No matches found"' in source
    for part in ("_NO_MATCHES", "_list_visible", "_no_matches_timer", "_NO_MATCHES_COUNTDOWN"):
        assert part in source
    params = list(inspect.signature(CommandPalette._start_no_matches_countdown).parameters)
    assert params == ["self", "search_value"]


async def test_the_keymap_in_force_and_the_running_app_are_where_tui_keys_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``App._keymap`` (binding id -> keys, as ``set_keymap`` normalized them) and
    ``textual._context.active_app`` (the app whose handlers run): tui.keys.shown words a
    key as the user's keymap has it, in the console the text is shown in."""
    from textual._context import active_app

    from tui import keys

    path = tmp_path / "keys.toml"
    path.write_text('[keys]\n"app.help" = "f2"\n')
    monkeypatch.setenv("TUKI_KEYMAP", str(path))
    app = make_app(demo_store(tmp_path / "d"))
    assert app._keymap == {"app.help": "f2"}
    assert keys.shown(None, "app.help") == "?"
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, type(app.screen))
        seen: list[object] = []
        app.call_later(lambda: seen.append(active_app.get(None)))
        await pilot.pause()
        assert seen == [app]
        assert keys.shown(app, "app.help") == "f2"


async def test_a_screen_says_when_it_is_being_closed(tmp_path: Path) -> None:
    """``TukiScreen.refresh_if_stale`` reads ``_closing`` and ``_closed`` (MessagePump) so that
    a poll while the console ends never queries a screen whose widgets are going."""
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen._closing is False and screen._closed is False
    assert screen._closed is True


async def test_the_lists_table_shows_what_a_measuring_table_shows() -> None:
    """``DataTable._update_dimensions`` (measures every new cell), ``_row_label_column_width``
    and ``_total_row_height``: ``ListTable`` skips the measuring when every column has its
    width, and sets the same scrollable size and draws the same lines as a ``DataTable``."""
    from textual.app import ComposeResult
    from textual.widgets import DataTable
    from textual.widgets._data_table import DataTable as Base

    from tui.widgets.list_table import ListTable

    measured: list[int] = []
    original = Base._update_dimensions

    def counting(self: DataTable[str], new_rows: Any) -> None:
        rows = list(new_rows)
        measured.append(len(rows))
        original(self, rows)

    class Two(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable(id="plain")
            yield ListTable(id="fixed")

    async with Two().run_test(size=(60, 30)) as pilot:
        for table in pilot.app.query(DataTable):
            table.add_column("Nimi", width=20)
            table.add_column("Päivä", width=10)
            for n in range(500):
                table.add_row(f"Henkilö {n} Pitkänimisempi", f"{n % 28 + 1}.11.2026")
        await pilot.pause()
        plain, fixed = pilot.app.query_one("#plain", DataTable), pilot.app.query_one("#fixed")
        assert isinstance(fixed, ListTable)
        assert fixed.virtual_size == plain.virtual_size
        assert [s.text for s in fixed.render_lines(fixed.region.reset_offset)] == [
            s.text for s in plain.render_lines(plain.region.reset_offset)
        ]
        assert fixed._row_label_column_width == 0 and fixed._total_row_height == 500
        Base._update_dimensions = counting  # type: ignore[method-assign]
        try:
            fixed.add_column("Auto")  # a column without a width: measured as Textual does
            fixed.add_row("a", "b", "c")
            await pilot.pause()
        finally:
            Base._update_dimensions = original  # type: ignore[method-assign]
        assert measured and fixed.columns[list(fixed.columns)[-1]].content_width >= 1


@pytest.mark.parametrize("fixed", [True, False])
async def test_the_lists_table_measures_no_cell_when_its_columns_have_widths(
    fixed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``DataTable._update_dimensions(new_rows)``: it measures each new row's cells (through
    ``textual.widgets._data_table.measure``) and, handed no rows, only sets the scrollable
    size; ``ListTable`` hands it none when every column has a width (tui/widgets/list_table.py).
    """
    import textual.widgets._data_table as data_table
    from textual.app import ComposeResult
    from textual.geometry import Size

    from tui.widgets.list_table import ListTable

    measured: list[object] = []
    real = data_table.measure

    def counted(*args: object, **kwargs: object) -> int:
        measured.append(args[1])
        return real(*args, **kwargs)  # type: ignore[arg-type]

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield ListTable()

    app = One()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ListTable)
        table.add_column("A", key="a", width=5)
        table.add_column("B", key="b", width=None if not fixed else 7)
        await pilot.pause()
        monkeypatch.setattr(data_table, "measure", counted)
        for n in range(3):
            table.add_row("x" * 20, "y", key=str(n))
        await pilot.pause()
        if fixed:
            assert measured == []
            assert table.virtual_size == Size(5 + 2 + 7 + 2, 3 + 1)  # padding 1 a side; header
        else:
            assert measured  # a column sized to its content: the cells are measured
            assert table.virtual_size.height == 3 + 1


async def test_a_section_shown_first_is_not_restyled_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``Screen._css_update_count`` and ``App._css_update_count``: Textual's ``_init_mode``
    and ``switch_mode`` restyle every screen (``refresh_css``: all the CSS parsed again) when
    a mode's screen lags the app's count. Tuki's sections start level with it
    (``tui.app._section``): their first visit restyles nothing, and looks as a restyling makes
    it look."""
    for method in (App._init_mode, App.switch_mode):
        assert "_css_update_count" in inspect.getsource(method)
    app = make_app(demo_store(tmp_path))
    restyled: list[bool] = []
    refresh_css = App.refresh_css

    def counted(self: App[Any], animate: bool = True) -> None:
        restyled.append(True)
        refresh_css(self, animate)

    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, type(app.screen))
        monkeypatch.setattr(App, "refresh_css", counted)
        await pilot.press("2")
        await arrive(pilot, app, ClientsScreen)
        await pilot.pause()
        assert restyled == []
        shown = app.export_screenshot()
        app.refresh_css()
        await pilot.pause()
        assert restyled and app.export_screenshot() == shown


def test_a_closed_screen_is_removed_in_replace_screen() -> None:
    """``App._replace_screen(screen)``: ``pop_screen`` hands the closed screen to it, and it
    suspends and removes it (awaited). ``SpareLog`` overrides it to keep a new meeting's form
    closed without a save as the next one ready (tui/spare_log.py)."""
    assert list(inspect.signature(App._replace_screen).parameters) == ["self", "screen"]
    assert "_replace_screen(previous_screen)" in inspect.getsource(App.pop_screen)
    source = inspect.getsource(App._replace_screen)
    assert "ScreenSuspend" in source and "await screen.remove()" in source
    assert "_replace_screen" in vars(SpareLog)


def test_a_table_keeps_its_new_rows_for_its_next_idle() -> None:
    """``DataTable._new_rows`` / ``_require_update_dimensions`` / ``_update_dimensions``: rows
    added wait for the table's idle to be measured; ``ListTable.settle_rows`` does it at once
    (a relationship page's timeline has its height in its first frame)."""
    from textual.widgets import DataTable

    table: DataTable[str] = DataTable()
    assert table._new_rows == set() and table._require_update_dimensions is False
    assert list(inspect.signature(DataTable._update_dimensions).parameters) == [
        "self",
        "new_rows",
    ]
