package dev.drawbridge.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * JDBC driver for {@code jdbc:drawbridge:<path to drawbridge.db>}: runs {@link DatabaseBootstrap}
 * on first use, then hands out SQLite connections to whatever database the bootstrap settled on.
 *
 * <p>Why a driver: Quarkus fixes the datasource URL in configuration before any of our code runs,
 * but the fallback (fresh file, or in-memory) is only known after trying to open the file. This is
 * the one place both Agroal and Hibernate go through.
 */
public final class BootstrappedDriver implements Driver {
  public static final String PREFIX = "jdbc:drawbridge:";

  static {
    try {
      DriverManager.registerDriver(new BootstrappedDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    DatabaseBootstrap.Outcome outcome =
        DatabaseBootstrap.open(Path.of(url.substring(PREFIX.length())));
    return DriverManager.getConnection(outcome.jdbcUrl(), info);
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return 1;
  }

  @Override
  public int getMinorVersion() {
    return 0;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }
}
