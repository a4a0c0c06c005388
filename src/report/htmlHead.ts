/** The opening of every report page: doctype, language, charset, viewport, title and the inline stylesheet. */
import { escapeHtml } from './escape.js';
import { REPORT_CSS } from './style.js';

export function htmlHeadLines(title: string): string[] {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
  ];
}
