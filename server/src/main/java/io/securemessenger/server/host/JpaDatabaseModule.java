package io.securemessenger.server.host;

import java.io.FileNotFoundException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import javax.inject.Singleton;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * The database James' own JPA stores share (users, domains, rewrites, mailboxes, mail
 * repositories, Sieve), from {@code james-database.properties}: {@code database.driverClassName},
 * {@code database.url}, optional {@code database.username} / {@code database.password} (else
 * {@code SM_DATABASE_PASSWORD}), and any
 * {@code openjpa.*} key passed to OpenJPA as written. The embedded default is Derby under the data
 * directory; {@code --database-url} puts it on PostgreSQL. The vault has its own connection.
 */
public final class JpaDatabaseModule extends AbstractModule {
    static final String FILE = "james-database";
    /** Where the password comes from when the file names a user but no password (as {@code --database-url} renders it). */
    static final String PASSWORD_VARIABLE = "SM_DATABASE_PASSWORD";

    @Provides
    @Singleton
    EntityManagerFactory entityManagerFactory(PropertiesProvider properties) throws ConfigurationException {
        Configuration database;
        try {
            database = properties.getConfiguration(FILE);
        } catch (FileNotFoundException e) {
            throw new ConfigurationException(FILE + ".properties is missing from the configuration directory", e);
        }
        return Persistence.createEntityManagerFactory("Global", openJpaProperties(database));
    }

    static Map<String, String> openJpaProperties(Configuration database) throws ConfigurationException {
        Map<String, String> properties = new HashMap<>();
        properties.put("openjpa.ConnectionDriverName", required(database, "database.driverClassName"));
        properties.put("openjpa.ConnectionURL", required(database, "database.url"));
        String user = database.getString("database.username", "");
        if (!user.isBlank()) {
            properties.put("openjpa.ConnectionUserName", user);
            String password = database.getString("database.password", "");
            properties.put("openjpa.ConnectionPassword", password.isEmpty() ? System.getenv().getOrDefault(PASSWORD_VARIABLE, "") : password);
        }
        Iterator<String> keys = database.getKeys("openjpa");
        while (keys.hasNext()) {
            String key = keys.next();
            properties.put(key, database.getString(key));
        }
        return properties;
    }

    private static String required(Configuration database, String key) throws ConfigurationException {
        String value = database.getString(key, "");
        if (value.isBlank()) {
            throw new ConfigurationException(FILE + ".properties: " + key + " is required");
        }
        return value;
    }
}
