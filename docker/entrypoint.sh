#!/bin/sh
# Secure Messenger image entry point: prepares what ./secure-messenger run prepares on a plain machine
# (a TLS key store on first start, the values of /root/conf marked SETTING from the environment),
# then starts James' JPA server as the official image does.
#
# Environment (all optional):
#   SM_DOMAIN               the local mail domain (default localhost); more with WebAdmin
#   SM_PORTAL_URL           the portal's public address, e.g. https://secure.example.org
#   SM_ORGANISATION         the name notifications and the portal show
#   SM_NOTIFIER_ADDRESS     the From address of notifications (default secure-messenger@SM_DOMAIN)
#   SM_VAULT_DB_URL         jdbc:postgresql://host:5432/vault (default: embedded Derby under /root/var)
#   SM_VAULT_DB_USER        its user; SM_VAULT_DB_PASSWORD its password (read by the extension)
#   SM_VAULT_KEY_PASSWORD   the master key store password (default: generated, in the vault directory)
#   SM_WEBADMIN_EXPOSE=true WebAdmin listens on all interfaces of the container (map it to 127.0.0.1)
#   JAMES_ROOT              James' home (default /root); JAMES_EXEC=false prepares without starting
set -eu

root="${JAMES_ROOT:-/root}"
conf="$root/conf"
tls="$root/tls"

replace_property() { # file key value: sets key=value, whatever the line said before
    file="$1"; key="$2"; value="$3"
    tmp="$file.tmp"
    grep -v "^$key=" "$file" > "$tmp" || true
    printf '%s=%s\n' "$key" "$value" >> "$tmp"
    mv "$tmp" "$file"
}

xml_escape() {
    printf '%s' "$1" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'
}

# TLS for SMTP, IMAP and the portal: a self-signed key store on first start, kept in the /root/tls volume.
# Replace tls/keystore.p12 and tls/keystore.password with the organisation's certificate for production.
mkdir -p "$tls"
chmod 700 "$tls"
if [ ! -f "$tls/keystore.p12" ]; then
    password="$(head -c 24 /dev/urandom | base64 | tr -d '/+=' )"
    keytool -genkeypair -alias james -keyalg RSA -keysize 3072 -validity 825 \
        -dname "CN=${SM_DOMAIN:-localhost}" -ext "SAN=dns:${SM_DOMAIN:-localhost}" \
        -storetype PKCS12 -keystore "$tls/keystore.p12" -storepass "$password" -keypass "$password" >/dev/null
    printf '%s' "$password" > "$tls/keystore.password"
    chmod 600 "$tls/keystore.p12" "$tls/keystore.password"
fi
secret="$(xml_escape "$(cat "$tls/keystore.password")")"
for file in "$conf/smtpserver.xml" "$conf/imapserver.xml"; do
    sed -i "s|<secret>[^<]*</secret>|<secret>$secret</secret>|" "$file"
done

domain="${SM_DOMAIN:-localhost}"
sed -i -e "s|<domainname>[^<]*</domainname>|<domainname>$domain</domainname>|" \
       -e "s|<defaultDomain>[^<]*</defaultDomain>|<defaultDomain>$domain</defaultDomain>|" "$conf/domainlist.xml"

properties="$conf/secure-messenger.properties"
replace_property "$properties" portal.url "${SM_PORTAL_URL:-https://$domain:8443}"
replace_property "$properties" organisation "${SM_ORGANISATION:-Secure Messenger}"
replace_property "$properties" notifier.address "${SM_NOTIFIER_ADDRESS:-secure-messenger@$domain}"
replace_property "$properties" vault.db.url "${SM_VAULT_DB_URL:-}"
replace_property "$properties" vault.db.user "${SM_VAULT_DB_USER:-}"
if [ "${SM_WEBADMIN_EXPOSE:-false}" = "true" ]; then
    replace_property "$conf/webadmin.properties" host 0.0.0.0
fi

if [ "${JAMES_EXEC:-true}" = "false" ]; then
    exit 0
fi
# As the official image starts James (its Jib layout under /root).
exec java -Dlogback.configurationFile="$conf/logback.xml" -Dworking.directory="$root/" \
    -Djdk.tls.ephemeralDHKeySize=2048 -Dextra.props="$conf/jvm.properties" \
    -cp "$root/resources:$root/classes:$root/libs/*" org.apache.james.JPAJamesServerMain "$@"
