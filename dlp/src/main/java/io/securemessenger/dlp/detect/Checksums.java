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

}
