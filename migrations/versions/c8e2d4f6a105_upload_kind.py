"""response_upload: a kind, and an organisation, for incident and indicator lists

Revision ID: c8e2d4f6a105
Revises: b5c7e9d1f203
Create Date: 2026-12-04 18:20:00

Incident and indicator lists were still parsed inside the upload request; they now go
through the same background jobs as response files, in the same table: `kind` says what a
file is imported as, and an incident list belongs to an organisation, not a survey.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c8e2d4f6a105"
down_revision = "b5c7e9d1f203"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("response_upload", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=20), server_default="responses", nullable=False)
        )
        batch_op.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        batch_op.alter_column("survey_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(
            batch_op.f("ix_response_upload_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_response_upload_organisation_id_organisation"),
            "organisation",
            ["organisation_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade():
    # Uploads waiting to be read are short-lived: those without a survey are dropped.
    op.execute("DELETE FROM response_upload WHERE survey_id IS NULL")
    with op.batch_alter_table("response_upload", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_response_upload_organisation_id_organisation"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_response_upload_organisation_id"))
        batch_op.alter_column("survey_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("organisation_id")
        batch_op.drop_column("kind")
