"""Django's PostgreSQL backend, knowing one limit of prepared statements: a statement the
server binds (``server_side_binding``, see ketamine_ref.env.env_database) carries at most
65,535 parameters. Django binds on the client by default, without that limit, so it sends
bulk_create and bulk_update in batches as large as asked: generate_corpus's 2,000 claims
(80,000 parameters) failed."""

from django.db.backends.postgresql import base, operations

MAX_PARAMETERS = 65_535


class DatabaseOperations(operations.DatabaseOperations):
    def bulk_batch_size(self, fields, objs):
        if not self.connection.settings_dict["OPTIONS"].get("server_side_binding"):
            return super().bulk_batch_size(fields, objs)
        return max(1, MAX_PARAMETERS // max(1, len(fields)))


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
