import { describe, expect, it } from 'vitest';
import { intentFor, shortcutFor, SHORTCUTS, spaceWouldPress, type KeyPress } from '../../../app/lib/presenter/shortcuts';

const body = { tag: 'body' };
const button = { tag: 'button' };

describe('shortcutFor', () => {
  it.each<[string, KeyPress, string | undefined]>([
    ['Space', { key: ' ', target: body }, 'toggle'],
    ['k', { key: 'k', target: body }, 'toggle'],
    ['K with Shift', { key: 'K', target: body }, 'toggle'],
    ['j', { key: 'j', target: body }, 'back'],
    ['l', { key: 'l', target: body }, 'forward'],
    ['←', { key: 'ArrowLeft', target: body }, 'previous'],
    ['→', { key: 'ArrowRight', target: body }, 'next'],
    ['[', { key: '[', target: body }, 'slower'],
    [']', { key: ']', target: body }, 'faster'],
    ['r', { key: 'r', target: body }, 'restart'],
    ['no target', { key: 'k' }, 'toggle'],
    ['Russian layout: л is the K key', { key: 'л', code: 'KeyK', target: body }, 'toggle'],
    ['Russian layout: х is the [ key', { key: 'х', code: 'BracketLeft', target: body }, 'slower'],
    ['Russian layout: к is the R key', { key: 'к', code: 'KeyR', target: body }, 'restart'],
    ['a letter that is no shortcut', { key: 'x', code: 'KeyX', target: body }, undefined],
    ['Ctrl+R reloads the page, not the room', { key: 'r', ctrlKey: true, target: body }, undefined],
    ['Cmd+K', { key: 'k', metaKey: true, target: body }, undefined],
    ['Alt+J', { key: 'j', altKey: true, target: body }, undefined],
    ['typing in a text field', { key: 'k', target: { tag: 'input', type: 'text' } }, undefined],
    ['typing in an input without a type', { key: 'j', target: { tag: 'input' } }, undefined],
    ['typing in a password field', { key: ' ', target: { tag: 'input', type: 'password' } }, undefined],
    ['typing in a textarea', { key: 'r', target: { tag: 'textarea' } }, undefined],
    ['in a select', { key: 'ArrowRight', target: { tag: 'select' } }, undefined],
    ['in contenteditable', { key: 'l', target: { tag: 'div', editable: true } }, undefined],
    ['Space on a focused button toggles, it does not press the button again', { key: ' ', target: button }, 'toggle'],
    ['Space on a focused link toggles', { key: ' ', target: { tag: 'a' } }, 'toggle'],
    ['Space on a checkbox toggles', { key: ' ', target: { tag: 'input', type: 'checkbox' } }, 'toggle'],
    ['Space on a switch toggles', { key: ' ', target: { tag: 'button', role: 'switch' } }, 'toggle'],
    ['Space on the timeline slider toggles', { key: ' ', target: { tag: 'div', role: 'slider' } }, 'toggle'],
    ['Space in a search box types a space', { key: ' ', target: { tag: 'input', type: 'search' } }, undefined],
    ['Space in a combobox', { key: ' ', target: { tag: 'div', role: 'combobox' } }, undefined],
    ['Space with Ctrl', { key: ' ', ctrlKey: true, target: button }, undefined],
    ['K on a button still toggles', { key: 'k', target: button }, 'toggle'],
    ['arrows on a focused button are shortcuts', { key: 'ArrowRight', target: button }, 'next'],
    ['arrows on the timeline slider move the slider', { key: 'ArrowRight', target: { tag: 'div', role: 'slider' } }, undefined],
    ['arrows in a radio group', { key: 'ArrowLeft', target: { tag: 'input', type: 'radio' } }, undefined],
    ['K on a checkbox', { key: 'k', target: { tag: 'input', type: 'checkbox' } }, 'toggle'],
  ])('%s', (_name, press, expected) => {
    expect(shortcutFor(press)).toBe(expected);
  });

  it.each<[string, KeyPress, boolean]>([
    ['Space released on a button', { key: ' ', target: button }, true],
    ['Space released in a text field', { key: ' ', target: { tag: 'input', type: 'text' } }, false],
    ['Enter released on a button', { key: 'Enter', target: button }, false],
    ['K released on a button', { key: 'k', target: button }, false],
  ])('spaceWouldPress: %s', (_name, press, expected) => {
    expect(spaceWouldPress(press)).toBe(expected);
  });

  it('lists an intent for every shortcut it recognises', () => {
    for (const { id, intent } of SHORTCUTS) expect(intentFor(id)).toEqual(intent);
  });
});
