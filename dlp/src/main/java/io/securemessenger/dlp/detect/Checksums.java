package io.securemessenger.dlp.detect;

/** Check-digit algorithms used by the identifier detectors. */
final class Checksums {
    private Checksums() {
    }

    /** Luhn (mod 10) over ASCII digits {@code digits[0..length)}. */
    static boolean luhn(char[] digits, int length) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = length - 1; i >= 0; i--) {
            int d = digits[i] - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    /**
     * NPI check digit: Luhn over the ten digits prefixed by the card issuer prefix 80840, which
     * is equivalent to adding the constant 24 to the Luhn sum of the ten digits.
     */
    static boolean npi(char[] digits) {
        int sum = 24;
        boolean doubleIt = false;
        for (int i = 9; i >= 0; i--) {
            int d = digits[i] - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    /** DEA registration number check digit over its seven digits. */
    static boolean dea(CharSequence text, int digitsStart) {
        int odd = digit(text, digitsStart) + digit(text, digitsStart + 2) + digit(text, digitsStart + 4);
        int even = digit(text, digitsStart + 1) + digit(text, digitsStart + 3) + digit(text, digitsStart + 5);
        return (odd + 2 * even) % 10 == digit(text, digitsStart + 6);
    }

    private static int digit(CharSequence text, int index) {
        return text.charAt(index) - '0';
    }
}
