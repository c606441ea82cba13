package dev.stepwise.sfn;

import dev.stepwise.api.ServiceException;

/**
 * Names of state machines, executions, activities: 1 to 80 characters, without whitespace,
 * brackets, wildcards, special characters or control characters (AWS's rule).
 */
final class Names {
    private static final String FORBIDDEN = "<>{}[]?*\"#%\\^|~`$&,;:/";

    private Names() {}

    static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.codePointCount(0, name.length()) > 80) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || FORBIDDEN.indexOf(c) >= 0
                    || (c >= '\u007f' && c <= '\u009f') || c == '\u00a0' || c == '\u2028' || c == '\u2029'
                    || c == '\ufeff') {
                return false;
            }
        }
        return true;
    }

    static void check(String name) {
        if (!isValid(name)) {
            throw ServiceException.sfn("InvalidName", "Invalid Name: '" + name + "'");
        }
    }
}
