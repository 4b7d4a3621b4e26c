"""account_invitation: whom an organisation invited, whether or not the address has an account

Revision ID: b9e5f3a7d214
Revises: a8d4e2f6c013
Create Date: 2026-12-03 10:00:00

Accounts still waiting for their first password (the "!" mark) get the invitation they were
created by, so they are listed among the pending invitations like every later one.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b9e5f3a7d214"
down_revision = "a8d4e2f6c013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "account_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["user_account.id"],
            name=op.f("fk_account_invitation_invited_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_account_invitation_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_account_invitation_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_invitation")),
        sa.UniqueConstraint("organisation_id", "email", name="uq_account_invitation_address"),
    )
    with op.batch_alter_table("account_invitation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_account_invitation_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_account_invitation_user_id"), ["user_id"], unique=False)
    op.execute(
        "INSERT INTO account_invitation (organisation_id, email, role, user_id, created_at) "
        "SELECT organisation_id, email, role, id, CURRENT_TIMESTAMP FROM user_account "
        "WHERE password_hash LIKE '!%'"
    )


def downgrade():
    with op.batch_alter_table("account_invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_invitation_user_id"))
        batch_op.drop_index(batch_op.f("ix_account_invitation_organisation_id"))
    op.drop_table("account_invitation")
