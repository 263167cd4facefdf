from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FlowsConfig(AppConfig):
    name = "mixflow.flows"
    verbose_name = _("Flows")

    def ready(self) -> None:
        from mixflow.core import audit
        from mixflow.flows.aggregate_actions import (
            flow_counts_changed,
            refresh_facts,
            refresh_facts_of_persons,
        )
        from mixflow.flows.models import Publication
        from mixflow.identity.hooks import on_persons_changed
        from mixflow.intake.hooks import on_encounters_written, on_flow_counts_written

        audit.register(Publication, named=True)
        # The aggregate tables follow every encounter intake writes, in its transaction.
        on_encounters_written(refresh_facts)
        # The registry's DuckDB copy follows every flow count intake writes or corrects.
        on_flow_counts_written(flow_counts_changed)
        # People are counted through each record's identity: a link, split or undo moves
        # records between identities, and a rectification changes what is counted; their facts
        # follow in the same transaction.
        on_persons_changed(refresh_facts_of_persons)
