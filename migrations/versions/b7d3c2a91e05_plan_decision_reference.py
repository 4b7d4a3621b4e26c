"""plan: the steering group's decision reference recorded at approval

Revision ID: b7d3c2a91e05
Revises: 4f16608064d1
Create Date: 2026-12-02 00:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d3c2a91e05'
down_revision = '4f16608064d1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decision_reference', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_column('decision_reference')
