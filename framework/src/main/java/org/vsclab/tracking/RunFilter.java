package org.vsclab.tracking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.vsclab.spi.RunSummary;

/**
 * MLflow's run filter and order syntax ({@code search_runs}), evaluated on runs read from a file
 * store, so that a local store answers the queries a server answers: {@code metrics.x < 0.1 and
 * params.y = 'z' and tags.mlflow.parentRunId = '...'}, ordered by {@code metrics.x ASC}.
 *
 * <p>As in MLflow, clauses are joined by {@code and} only, a run without the compared key never
 * matches, and metrics compare their latest value.
 */
final class RunFilter {

    private enum Entity { METRIC, PARAM, TAG, ATTRIBUTE }

    private record Key(Entity entity, String name) {}

    private record Clause(Key key, String op, List<String> strings, double number) {}

    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private RunFilter() {}

    /**
     * Parses a filter into a predicate.
     *
     * @param filter the filter ("" matches every run)
     * @return the predicate
     * @throws IllegalArgumentException naming the position and the problem if it is malformed
     */
    static Predicate<RunSummary> parse(String filter) {
        Lexer lexer = new Lexer(filter);
        List<Clause> clauses = new ArrayList<>();
        if (lexer.atEnd()) {
            return run -> true;
        }
        while (true) {
            clauses.add(clause(lexer));
            if (lexer.atEnd()) {
                break;
            }
            lexer.expectWord("and");
        }
        return run -> clauses.stream().allMatch(c -> matches(c, run));
    }

    /**
     * Parses order-by terms into a comparator (runs without the key last, then start time newest
     * first, then run id).
     *
     * @param terms {@code <entity>.<key> [ASC|DESC]} each
     * @return the comparator
     * @throws IllegalArgumentException if a term is malformed
     */
    static Comparator<RunSummary> order(List<String> terms) {
        Comparator<RunSummary> order = (a, b) -> 0;
        for (String term : terms) {
            Lexer lexer = new Lexer(term);
            Key key = key(lexer);
            boolean descending = false;
            if (!lexer.atEnd()) {
                String direction = lexer.word().toUpperCase(Locale.ROOT);
                if (!direction.equals("ASC") && !direction.equals("DESC")) {
                    throw lexer.error("expected ASC or DESC, got '" + direction + "'");
                }
                descending = direction.equals("DESC");
            }
            if (!lexer.atEnd()) {
                throw lexer.error("unexpected text after the order term");
            }
            order = order.thenComparing(byKey(key, descending));
        }
        return order.thenComparing(Comparator.comparingLong(RunSummary::startTime).reversed())
                .thenComparing(RunSummary::runId);
    }

    private static Comparator<RunSummary> byKey(Key key, boolean descending) {
        return (a, b) -> {
            Optional<Object> va = value(key, a);
            Optional<Object> vb = value(key, b);
            if (va.isEmpty() || vb.isEmpty()) {
                return va.isEmpty() == vb.isEmpty() ? 0 : va.isEmpty() ? 1 : -1;
            }
            int c = compare(va.get(), vb.get());
            return descending ? -c : c;
        };
    }

    @SuppressWarnings("unchecked")
    private static int compare(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            return Double.compare(x, y);
        }
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    private static Clause clause(Lexer lexer) {
        Key key = key(lexer);
        String op = lexer.operator();
        boolean numeric = key.entity() == Entity.METRIC || isNumericAttribute(key.name());
        if (op.equals("IN") || op.equals("NOT IN")) {
            if (numeric) {
                throw lexer.error(op + " is only for string keys, not " + key.name());
            }
            return new Clause(key, op, lexer.stringList(), 0);
        }
        if (numeric) {
            if (!List.of("=", "!=", "<", "<=", ">", ">=").contains(op)) {
                throw lexer.error("operator " + op + " does not apply to the number " + key.name());
            }
            return new Clause(key, op, List.of(), lexer.number());
        }
        if (!List.of("=", "!=", "LIKE", "ILIKE").contains(op)) {
            throw lexer.error("operator " + op + " does not apply to the string " + key.name()
                    + " (use =, !=, LIKE, ILIKE, IN or NOT IN)");
        }
        return new Clause(key, op, List.of(lexer.string()), 0);
    }

    private static Key key(Lexer lexer) {
        String identifier = lexer.identifier();
        int dot = identifier.indexOf('.');
        String prefix = dot < 0 ? "" : identifier.substring(0, dot).toLowerCase(Locale.ROOT);
        String rest = dot < 0 ? identifier : identifier.substring(dot + 1);
        Entity entity = switch (prefix) {
            case "metric", "metrics" -> Entity.METRIC;
            case "param", "params", "parameter", "parameters" -> Entity.PARAM;
            case "tag", "tags" -> Entity.TAG;
            case "attribute", "attributes", "attr", "run" -> Entity.ATTRIBUTE;
            default -> null;
        };
        if (entity == null) {
            entity = Entity.ATTRIBUTE;
            rest = identifier;
        }
        if (rest.isEmpty() && lexer.peekQuoted()) {
            rest = lexer.quotedKey();
        }
        if (rest.isEmpty()) {
            throw lexer.error("missing key after '" + identifier + "'");
        }
        if (entity == Entity.ATTRIBUTE && !List.of("run_id", "run_name", "status", "start_time", "end_time", "user_id",
                "artifact_uri", "lifecycle_stage", "experiment_id").contains(rest)) {
            throw lexer.error("unknown attribute '" + rest + "' (run_id, run_name, status, start_time, end_time,"
                    + " user_id, artifact_uri, lifecycle_stage, experiment_id), or give metrics./params./tags.");
        }
        return new Key(entity, rest);
    }

    private static boolean isNumericAttribute(String name) {
        return name.equals("start_time") || name.equals("end_time");
    }

    private static Optional<Object> value(Key key, RunSummary run) {
        return switch (key.entity()) {
            case METRIC -> Optional.ofNullable(run.metrics().get(key.name()));
            case PARAM -> Optional.ofNullable(run.params().get(key.name()));
            case TAG -> Optional.ofNullable(run.tags().get(key.name()));
            case ATTRIBUTE -> switch (key.name()) {
                case "run_id" -> Optional.of(run.runId());
                case "run_name" -> Optional.of(run.runName());
                case "status" -> Optional.of(run.status().name());
                case "start_time" -> Optional.of(run.startTime());
                case "end_time" -> run.endTime().map(t -> (Object) t);
                case "user_id" -> Optional.ofNullable(run.tags().get("mlflow.user"));
                case "experiment_id" -> Optional.of(run.experimentId());
                case "lifecycle_stage" -> Optional.of("active");
                default -> Optional.empty();
            };
        };
    }

    private static boolean matches(Clause clause, RunSummary run) {
        Optional<Object> value = value(clause.key(), run);
        if (value.isEmpty()) {
            return false;
        }
        Object v = value.get();
        if (v instanceof Double || v instanceof Long) {
            double x = ((Number) v).doubleValue();
            double y = clause.number();
            return switch (clause.op()) {
                case "=" -> x == y;
                case "!=" -> x != y;
                case "<" -> x < y;
                case "<=" -> x <= y;
                case ">" -> x > y;
                default -> x >= y;
            };
        }
        String s = String.valueOf(v);
        return switch (clause.op()) {
            case "=" -> s.equals(clause.strings().get(0));
            case "!=" -> !s.equals(clause.strings().get(0));
            case "LIKE" -> like(clause.strings().get(0), false).matcher(s).matches();
            case "ILIKE" -> like(clause.strings().get(0), true).matcher(s).matches();
            case "IN" -> clause.strings().contains(s);
            default -> !clause.strings().contains(s);
        };
    }

    private static Pattern like(String pattern, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    }

    /** The tokens of a filter. */
    private static final class Lexer {
        private final String text;
        private int pos;

        Lexer(String text) {
            this.text = text == null ? "" : text;
        }

        boolean atEnd() {
            skipSpace();
            return pos >= text.length();
        }

        IllegalArgumentException error(String problem) {
            return new IllegalArgumentException("invalid filter '" + text + "' at character " + (pos + 1) + ": " + problem);
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        boolean peekQuoted() {
            skipSpace();
            return pos < text.length() && (text.charAt(pos) == '`' || text.charAt(pos) == '"');
        }

        /** {@code entity.key}, where the key may be quoted: {@code metrics.`val/loss`}. */
        String identifier() {
            skipSpace();
            int start = pos;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '/' || c == '-') {
                    pos++;
                } else {
                    break;
                }
            }
            String word = text.substring(start, pos);
            if (word.isEmpty()) {
                if (peekQuoted()) {
                    return quotedKey();
                }
                throw error("expected a key such as metrics.x, params.y or tags.z");
            }
            if (word.endsWith(".") && pos < text.length() && (text.charAt(pos) == '`' || text.charAt(pos) == '"')) {
                return word + quotedKey();
            }
            return word;
        }

        String quotedKey() {
            char quote = text.charAt(pos);
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error("unclosed " + quote);
            }
            String key = text.substring(pos + 1, end);
            pos = end + 1;
            return key;
        }

        String word() {
            skipSpace();
            int start = pos;
            while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a word");
            }
            return text.substring(start, pos);
        }

        void expectWord(String expected) {
            skipSpace();
            int at = pos;
            String w = pos < text.length() && Character.isLetter(text.charAt(pos)) ? word() : "";
            if (!w.equalsIgnoreCase(expected)) {
                pos = at;
                throw error("expected '" + expected + "' between clauses (MLflow filters join clauses with and only)");
            }
        }

        String operator() {
            skipSpace();
            for (String op : List.of("<=", ">=", "!=", "=", "<", ">")) {
                if (text.startsWith(op, pos)) {
                    pos += op.length();
                    return op;
                }
            }
            if (pos < text.length() && Character.isLetter(text.charAt(pos))) {
                String w = word().toUpperCase(Locale.ROOT);
                if (w.equals("NOT")) {
                    String next = word().toUpperCase(Locale.ROOT);
                    if (next.equals("IN")) {
                        return "NOT IN";
                    }
                    throw error("expected IN after NOT");
                }
                if (List.of("LIKE", "ILIKE", "IN").contains(w)) {
                    return w;
                }
                throw error("unknown operator '" + w + "'");
            }
            throw error("expected an operator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN)");
        }

        String string() {
            skipSpace();
            if (pos >= text.length() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) {
                throw error("expected a quoted string value");
            }
            char quote = text.charAt(pos);
            StringBuilder value = new StringBuilder();
            pos++;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == quote) {
                    if (pos + 1 < text.length() && text.charAt(pos + 1) == quote) {
                        value.append(quote);
                        pos += 2;
                        continue;
                    }
                    pos++;
                    return value.toString();
                }
                value.append(c);
                pos++;
            }
            throw error("unclosed string");
        }

        List<String> stringList() {
            skipSpace();
            if (pos >= text.length() || text.charAt(pos) != '(') {
                throw error("expected ( after IN");
            }
            pos++;
            List<String> values = new ArrayList<>();
            while (true) {
                values.add(string());
                skipSpace();
                if (pos < text.length() && text.charAt(pos) == ',') {
                    pos++;
                } else if (pos < text.length() && text.charAt(pos) == ')') {
                    pos++;
                    return values;
                } else {
                    throw error("expected , or ) in the IN list");
                }
            }
        }

        double number() {
            skipSpace();
            var m = NUMBER.matcher(text);
            m.region(pos, text.length());
            if (!m.lookingAt()) {
                throw error("expected a number");
            }
            pos = m.end();
            return Double.parseDouble(m.group());
        }
    }
}
