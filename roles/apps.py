from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Role files"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from roles import checks, models  # noqa: F401 (checks register themselves)
        from roles.caching import bump_on_commit

        # Any change to the app's content may show on a public page. Rows of
        # an edition or a role change with it (the admin saves the parent), so
        # deletes are watched on the parents only: a receiver on every model
        # would stop the import's bulk deletes from running as one query.
        # Not the record of those changes, and not readers' answers and their
        # tallies: a count ends its own role's pages only (responses.py).
        own_schedule = (models.ContentStamp, models.TaskResponse, models.TaskTally)
        for model in self.get_models():
            if model in own_schedule:
                continue
            post_save.connect(
                bump_on_commit, sender=model, dispatch_uid=f"bump-save-{model.__name__}"
            )
        parents = (
            models.Edition,
            models.Role,
            models.Sector,
            models.Skill,
            models.Source,
            models.Resource,
        )
        for model in parents:
            post_delete.connect(
                bump_on_commit,
                sender=model,
                dispatch_uid=f"bump-delete-{model.__name__}",
            )
        m2m_changed.connect(
            bump_on_commit,
            sender=models.Resource.roles.through,
            dispatch_uid="bump-m2m-resource-roles",
        )
