"""The page's Gradio theme: readable in light and dark (WCAG 2.2 AA contrast for every text)."""

from __future__ import annotations

from typing import Any

FONTS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"]
MONO = ["ui-monospace", "Menlo", "Consolas", "monospace"]


def page_theme() -> Any:
    """Return the Soft theme with the accents and subdued texts dark (or light) enough to read."""
    import gradio as gr

    theme = gr.themes.Soft(primary_hue="indigo", neutral_hue="slate", font=FONTS, font_mono=MONO)
    # Soft writes labels and links in indigo-500 on pale indigo, and hints in slate-400: under
    # 4.5:1. Indigo-700 and slate-600 on light, indigo-200 and slate-300 on dark read well.
    return theme.set(
        color_accent="*primary_700",
        block_label_text_color="*primary_700", block_label_text_color_dark="*primary_100",
        block_label_background_fill="*primary_50", block_label_background_fill_dark="*primary_900",
        block_title_text_color="*primary_700", block_title_text_color_dark="*primary_100",
        block_info_text_color="*neutral_600", block_info_text_color_dark="*neutral_300",
        body_text_color_subdued="*neutral_600", body_text_color_subdued_dark="*neutral_300",
        input_placeholder_color="*neutral_500", input_placeholder_color_dark="*neutral_400",
        link_text_color="*primary_700", link_text_color_dark="*primary_200",
        link_text_color_visited="*primary_800", link_text_color_visited_dark="*primary_200",
        link_text_color_hover="*primary_800", link_text_color_hover_dark="*primary_100",
        link_text_color_active="*primary_800", link_text_color_active_dark="*primary_100",
        button_primary_background_fill="*primary_700",
        button_primary_background_fill_dark="*primary_600",
        button_primary_background_fill_hover="*primary_800",
        button_primary_background_fill_hover_dark="*primary_700",
        button_primary_border_color="*primary_700", button_primary_border_color_dark="*primary_600",
        button_secondary_background_fill_hover_dark="*neutral_500",
        checkbox_label_background_fill_selected="*primary_700",
    )
