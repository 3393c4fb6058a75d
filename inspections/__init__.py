"""Source documents, the inspections they speak of, and the judgements those inspections gave."""
