package io.securemessenger.mailets.notification;

import java.util.Objects;
import java.util.regex.Pattern;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;

/**
 * How notifications present the organisation: its name, a colour for links and buttons, the one
 * stable address they come from, and the portal's address as a person would type it.
 */
public final class Branding {
    private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");

    private final String organisation;
    private final String colour;
    private final InternetAddress from;
    private final String portalAddress;

    private Branding(String organisation, String colour, InternetAddress from, String portalAddress) {
        this.organisation = organisation;
        this.colour = colour;
        this.from = from;
        this.portalAddress = portalAddress;
    }

    /** Validates every value: a bad one is a configuration error naming it. */
    public static Branding of(String organisation, String colour, String fromAddress, String portalAddress) {
        if (organisation == null || organisation.isBlank()) {
            throw new IllegalArgumentException("organisation must not be empty");
        }
        if (!COLOUR.matcher(Objects.requireNonNull(colour)).matches()) {
            throw new IllegalArgumentException("colour=" + colour + " is not a #rrggbb colour");
        }
        if (portalAddress == null || portalAddress.isBlank() || portalAddress.contains(" ")) {
            throw new IllegalArgumentException("portal address '" + portalAddress + "' is not an address to type in a browser");
        }
        try {
            InternetAddress from = new InternetAddress(fromAddress, true);
            from.setPersonal(organisation.strip(), "UTF-8");
            return new Branding(organisation.strip(), colour, from, portalAddress.strip());
        } catch (AddressException | java.io.UnsupportedEncodingException e) {
            throw new IllegalArgumentException("from=" + fromAddress + " is not a mail address");
        }
    }

    public String organisation() {
        return organisation;
    }

    public String colour() {
        return colour;
    }

    public InternetAddress from() {
        return from;
    }

    public String portalAddress() {
        return portalAddress;
    }
}
