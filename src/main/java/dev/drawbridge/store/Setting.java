package dev.drawbridge.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Optional;

/** A named owner setting that overrides the configured default once the owner changes it. */
@Entity
@Table(name = "setting")
public class Setting extends PanacheEntityBase {
  @Id public String name;

  @Column(nullable = false)
  public String value;

  public static Optional<String> read(String name) {
    return QuarkusTransaction.requiringNew()
        .call(() -> Optional.ofNullable(Setting.<Setting>findById(name)).map(s -> s.value));
  }

  public static void write(String name, String value) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Setting s = Setting.findById(name);
              if (s == null) {
                s = new Setting();
                s.name = name;
              }
              s.value = value;
              s.persist();
            });
  }
}
