package org.vsclab.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the small subset of Python literals that appear in {@code .npy} headers: a dict
 * with string keys whose values are strings, {@code True}/{@code False}/{@code None}, integers
 * (with an optional Python 2 {@code L} suffix), tuples, lists and nested dicts.
 *
 * <p>Values map to {@link String}, {@link Boolean}, {@link Long}, {@link List}, {@link Map} and
 * {@link #NONE}. Syntax errors throw {@link IllegalArgumentException} with a short reason.
 */
final class PyLiteral {

    /** The value of Python's {@code None}. */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    private static final int MAX_DEPTH = 32;

    private final String text;
    private int pos;

    private PyLiteral(String text) {
        this.text = text;
    }

    /** Parses {@code text}, which must consist of exactly one dict literal (surrounding blanks allowed). */
    static Map<String, Object> parseDict(String text) {
        PyLiteral p = new PyLiteral(text);
        p.skipBlanks();
        if (p.peek() != '{') {
            throw new IllegalArgumentException("it does not start with '{'");
        }
        Map<String, Object> dict = p.dict(0);
        p.skipBlanks();
        if (p.pos < text.length()) {
            throw new IllegalArgumentException("unexpected text after the closing '}' at offset " + p.pos);
        }
        return dict;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("values nested more than " + MAX_DEPTH + " deep");
        }
        skipBlanks();
        char c = peek();
        if (c == '\'' || c == '"') {
            return string();
        } else if (c == '(') {
            return sequence(')', depth);
        } else if (c == '[') {
            return sequence(']', depth);
        } else if (c == '{') {
            return dict(depth);
        } else if (c == '-' || Character.isDigit(c)) {
            return integer();
        } else if (Character.isLetter(c)) {
            return name();
        }
        throw new IllegalArgumentException(c == 0
                ? "it ends where a value was expected"
                : "unexpected character '" + c + "' at offset " + pos);
    }

    private Map<String, Object> dict(int depth) {
        expect('{');
        Map<String, Object> out = new LinkedHashMap<>();
        skipBlanks();
        while (peek() != '}') {
            Object key = value(depth + 1);
            if (!(key instanceof String k)) {
                throw new IllegalArgumentException("a dict key is not a string: " + key);
            }
            skipBlanks();
            expect(':');
            Object v = value(depth + 1);
            if (out.put(k, v) != null) {
                throw new IllegalArgumentException("key '" + k + "' appears twice");
            }
            if (!separatorBefore('}')) {
                break;
            }
        }
        expect('}');
        return out;
    }

    private List<Object> sequence(char close, int depth) {
        pos++;
        List<Object> out = new ArrayList<>();
        skipBlanks();
        while (peek() != close) {
            out.add(value(depth + 1));
            if (!separatorBefore(close)) {
                break;
            }
        }
        expect(close);
        return out;
    }

    /** After an item: consumes a comma and returns true, or returns false if {@code close} follows. */
    private boolean separatorBefore(char close) {
        skipBlanks();
        if (peek() == ',') {
            pos++;
            skipBlanks();
            return true;
        }
        if (peek() == close) {
            return false;
        }
        throw new IllegalArgumentException(peek() == 0
                ? "it ends before the closing '" + close + "'"
                : "expected ',' or '" + close + "' at offset " + pos + " but found '" + peek() + "'");
    }

    private String string() {
        char quote = text.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\\' && pos < text.length()) {
                c = text.charAt(pos++);
            }
            sb.append(c);
        }
        throw new IllegalArgumentException("unterminated string");
    }

    private Long integer() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        while (Character.isDigit(peek())) {
            pos++;
        }
        String digits = text.substring(start, pos);
        if (peek() == 'L' || peek() == 'l') {
            pos++;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + digits + "' is not a valid integer");
        }
    }

    private Object name() {
        int start = pos;
        while (Character.isLetterOrDigit(peek()) || peek() == '_') {
            pos++;
        }
        String name = text.substring(start, pos);
        return switch (name) {
            case "True" -> Boolean.TRUE;
            case "False" -> Boolean.FALSE;
            case "None" -> NONE;
            default -> throw new IllegalArgumentException("unknown name '" + name + "' at offset " + start);
        };
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IllegalArgumentException(peek() == 0
                    ? "it ends where '" + c + "' was expected"
                    : "expected '" + c + "' at offset " + pos + " but found '" + peek() + "'");
        }
        pos++;
    }

    private void skipBlanks() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    /** Returns the current character, or 0 at the end of the text. */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }
}
