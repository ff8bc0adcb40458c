package com.orbitlend.marketplace;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads tables directly, for assertions. */
public final class Rows {

    private Rows() {
    }

    /** Event types recorded in the outbox for {@code aggregateId}, in order. */
    public static List<String> outboxTypes(DataSource dataSource, String aggregateId) {
        return strings(dataSource, "select event_type from outbox_event where aggregate_id = ? order by id",
                aggregateId);
    }

    /** The repayment ledger of a loan as "amount credited_owner outstanding_after", in order. */
    public static List<String> ledger(DataSource dataSource, String loanId) {
        return strings(dataSource, "select trim_scale(amount) || ' ' || credited_owner || ' ' "
                + "|| trim_scale(outstanding_after) from repayment where loan_id = ? order by recorded_at, id",
                loanId);
    }

    public static long count(DataSource dataSource, String sql, String parameter) {
        return Long.parseLong(strings(dataSource, sql, parameter).get(0));
    }

    private static List<String> strings(DataSource dataSource, String sql, String parameter) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            List<String> values = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    values.add(r.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
