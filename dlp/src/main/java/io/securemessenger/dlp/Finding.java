package io.securemessenger.dlp;

/**
 * How often a rule matched in one location, with a masked sample such as {@code ***-**-6789}.
 * The matched values themselves are never kept.
 */
public final class Finding {
    private final String ruleId;
    private final Location location;
    private final int count;
    private final String maskedSample;

    Finding(String ruleId, Location location, int count, String maskedSample) {
        this.ruleId = ruleId;
        this.location = location;
        this.count = count;
        this.maskedSample = maskedSample;
    }

    /** The finding recorded when a message cannot be parsed at all and is protected unread. */
    public static Finding unscannableMessage() {
        return new Finding("unscannable-message", Location.UNREADABLE, 1, "");
    }

    public String ruleId() {
        return ruleId;
    }

    public Location location() {
        return location;
    }

    public int count() {
        return count;
    }

    public String maskedSample() {
        return maskedSample;
    }

    /** One JSON object, e.g. for {@code dlp-scan}'s output; holds no matched value. */
    public String toJson(String policy, String source) {
        return "{\"policy\":" + Json.quote(policy)
            + (source == null ? "" : ",\"source\":" + Json.quote(source))
            + ",\"rule\":" + Json.quote(ruleId)
            + ",\"location\":" + Json.quote(location.toString())
            + ",\"count\":" + count
            + ",\"sample\":" + Json.quote(maskedSample) + "}";
    }

    @Override
    public String toString() {
        return ruleId + "@" + location + "x" + count;
    }
}
