package io.securemessenger.dlp.detect;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Year;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calendar dates that could be a date of birth: {@code 03/14/1962}, {@code 3-14-62},
 * {@code 1962-03-14}, {@code 14.03.1962}, {@code March 14, 1962}, {@code 14 Mar 1962}. Only real
 * calendar dates between 1900 and today are reported. On its own a date is not PHI: policies
 * pair this detector with date-of-birth keywords in a proximity window.
 */
public final class DateDetector implements Detector {
    public static final String ID = "date";

    private static final String MONTH = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
        + "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
    private static final Pattern DATES = Pattern.compile(
        "\\b(?:(\\d{1,2})[/-](\\d{1,2})[/-](\\d{4}|\\d{2})"          // US month/day/year
            + "|(\\d{4})-(\\d{2})-(\\d{2})"                              // ISO
            + "|(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})"                      // day.month.year
            + "|" + MONTH + "\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})"
            + "|(\\d{1,2})(?:st|nd|rd|th)?\\s+" + MONTH + "\\.?,?\\s+(\\d{4}))\\b",
        Pattern.CASE_INSENSITIVE);

    @Override
    public boolean revealsTail() {
        return false;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void find(CharSequence text, int from, int to, MatchSink sink) {
        Matcher m = DATES.matcher(text).region(from, to);
        m.useTransparentBounds(true);
        while (m.find()) {
            if (isPlausibleBirthDate(m)) {
                sink.match(m.start(), m.end());
            }
        }
    }

    private static boolean isPlausibleBirthDate(Matcher m) {
        if (m.group(1) != null) {
            return valid(year(m.group(3)), num(m.group(1)), num(m.group(2)));
        }
        if (m.group(4) != null) {
            return valid(num(m.group(4)), num(m.group(5)), num(m.group(6)));
        }
        if (m.group(7) != null) {
            return valid(num(m.group(9)), num(m.group(8)), num(m.group(7)));
        }
        if (m.group(10) != null) {
            return valid(num(m.group(12)), month(m.group(10)), num(m.group(11)));
        }
        return valid(num(m.group(15)), month(m.group(14)), num(m.group(13)));
    }

    private static int year(String y) {
        if (y.length() == 4) {
            return num(y);
        }
        int twoDigits = num(y);
        int century = twoDigits <= Year.now().getValue() % 100 ? 2000 : 1900;
        return century + twoDigits;
    }

    private static int month(String name) {
        return "janfebmaraprmayjunjulaugsepoctnovdec".indexOf(name.substring(0, 3).toLowerCase(Locale.ROOT)) / 3 + 1;
    }

    private static int num(String digits) {
        return Integer.parseInt(digits);
    }

    private static boolean valid(int year, int month, int day) {
        if (year < 1900 || month < 1 || month > 12 || day < 1 || day > 31) {
            return false;
        }
        try {
            return !LocalDate.of(year, month, day).isAfter(LocalDate.now());
        } catch (DateTimeException e) {
            return false;
        }
    }
}
