# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'breach_action_form.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QComboBox, QFormLayout, QLabel,
    QLineEdit, QSizePolicy, QVBoxLayout, QWidget)

from rsoman.gui.forms.designer import (HintLabel, TextBox)
from rsoman.gui.forms.widgets import OptionalDateEdit

class Ui_BreachActionFormBody(object):
    def setupUi(self, BreachActionFormBody):
        if not BreachActionFormBody.objectName():
            BreachActionFormBody.setObjectName(u"BreachActionFormBody")
        self.form = QFormLayout(BreachActionFormBody)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignVCenter)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.breachSummary = QLabel(BreachActionFormBody)
        self.breachSummary.setObjectName(u"breachSummary")
        self.breachSummary.setTextFormat(Qt.TextFormat.PlainText)
        self.breachSummary.setWordWrap(True)

        self.form.setWidget(0, QFormLayout.ItemRole.SpanningRole, self.breachSummary)

        self.actionLabel = QLabel(BreachActionFormBody)
        self.actionLabel.setObjectName(u"actionLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.actionLabel)

        self.actionField = QWidget(BreachActionFormBody)
        self.actionField.setObjectName(u"actionField")
        self.actionFieldLayout = QVBoxLayout(self.actionField)
        self.actionFieldLayout.setObjectName(u"actionFieldLayout")
        self.actionFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.actionCombo = QComboBox(self.actionField)
        self.actionCombo.setObjectName(u"actionCombo")

        self.actionFieldLayout.addWidget(self.actionCombo)


        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.actionField)

        self.actionOnLabel = QLabel(BreachActionFormBody)
        self.actionOnLabel.setObjectName(u"actionOnLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.actionOnLabel)

        self.actionOnField = QWidget(BreachActionFormBody)
        self.actionOnField.setObjectName(u"actionOnField")
        self.actionOnFieldLayout = QVBoxLayout(self.actionOnField)
        self.actionOnFieldLayout.setObjectName(u"actionOnFieldLayout")
        self.actionOnFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.actionOnDate = OptionalDateEdit(self.actionOnField)
        self.actionOnDate.setObjectName(u"actionOnDate")

        self.actionOnFieldLayout.addWidget(self.actionOnDate)

        self.timingHint = HintLabel(self.actionOnField)
        self.timingHint.setObjectName(u"timingHint")

        self.actionOnFieldLayout.addWidget(self.timingHint)


        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.actionOnField)

        self.actionReasonLabel = QLabel(BreachActionFormBody)
        self.actionReasonLabel.setObjectName(u"actionReasonLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.actionReasonLabel)

        self.actionReasonField = QWidget(BreachActionFormBody)
        self.actionReasonField.setObjectName(u"actionReasonField")
        self.actionReasonFieldLayout = QVBoxLayout(self.actionReasonField)
        self.actionReasonFieldLayout.setObjectName(u"actionReasonFieldLayout")
        self.actionReasonFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.actionReasonEdit = QLineEdit(self.actionReasonField)
        self.actionReasonEdit.setObjectName(u"actionReasonEdit")

        self.actionReasonFieldLayout.addWidget(self.actionReasonEdit)


        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.actionReasonField)

        self.outcomeLabel = QLabel(BreachActionFormBody)
        self.outcomeLabel.setObjectName(u"outcomeLabel")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.outcomeLabel)

        self.outcomeField = QWidget(BreachActionFormBody)
        self.outcomeField.setObjectName(u"outcomeField")
        self.outcomeFieldLayout = QVBoxLayout(self.outcomeField)
        self.outcomeFieldLayout.setObjectName(u"outcomeFieldLayout")
        self.outcomeFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.outcomeText = TextBox(self.outcomeField)
        self.outcomeText.setObjectName(u"outcomeText")

        self.outcomeFieldLayout.addWidget(self.outcomeText)


        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.outcomeField)

        self.outcomeOnLabel = QLabel(BreachActionFormBody)
        self.outcomeOnLabel.setObjectName(u"outcomeOnLabel")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.outcomeOnLabel)

        self.outcomeOnField = QWidget(BreachActionFormBody)
        self.outcomeOnField.setObjectName(u"outcomeOnField")
        self.outcomeOnFieldLayout = QVBoxLayout(self.outcomeOnField)
        self.outcomeOnFieldLayout.setObjectName(u"outcomeOnFieldLayout")
        self.outcomeOnFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.outcomeOnDate = OptionalDateEdit(self.outcomeOnField)
        self.outcomeOnDate.setObjectName(u"outcomeOnDate")

        self.outcomeOnFieldLayout.addWidget(self.outcomeOnDate)


        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.outcomeOnField)

#if QT_CONFIG(shortcut)
        self.actionLabel.setBuddy(self.actionCombo)
        self.actionOnLabel.setBuddy(self.actionOnDate)
        self.actionReasonLabel.setBuddy(self.actionReasonEdit)
        self.outcomeLabel.setBuddy(self.outcomeText)
        self.outcomeOnLabel.setBuddy(self.outcomeOnDate)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.actionCombo, self.actionOnDate)
        QWidget.setTabOrder(self.actionOnDate, self.actionReasonEdit)
        QWidget.setTabOrder(self.actionReasonEdit, self.outcomeText)
        QWidget.setTabOrder(self.outcomeText, self.outcomeOnDate)

        self.retranslateUi(BreachActionFormBody)

        QMetaObject.connectSlotsByName(BreachActionFormBody)
    # setupUi

    def retranslateUi(self, BreachActionFormBody):
        self.breachSummary.setText(QCoreApplication.translate("BreachActionFormBody", u"Loading the breach\u2026", None))
        self.actionLabel.setText(QCoreApplication.translate("BreachActionFormBody", u"&Action taken", None))
        self.actionOnLabel.setText(QCoreApplication.translate("BreachActionFormBody", u"Action &date", None))
#if QT_CONFIG(tooltip)
        self.actionOnDate.setToolTip(QCoreApplication.translate("BreachActionFormBody", u"Type the date as dd/mm/yyyy; leave blank if there is none", None))
#endif // QT_CONFIG(tooltip)
        self.actionReasonLabel.setText(QCoreApplication.translate("BreachActionFormBody", u"Action &reason", None))
        self.actionReasonEdit.setPlaceholderText(QCoreApplication.translate("BreachActionFormBody", u"required for no further action", None))
        self.outcomeLabel.setText(QCoreApplication.translate("BreachActionFormBody", u"O&utcome", None))
        self.outcomeText.setPlaceholderText(QCoreApplication.translate("BreachActionFormBody", u"e.g. charged, bailed to court; cautioned", None))
        self.outcomeOnLabel.setText(QCoreApplication.translate("BreachActionFormBody", u"Outcome dat&e", None))
#if QT_CONFIG(tooltip)
        self.outcomeOnDate.setToolTip(QCoreApplication.translate("BreachActionFormBody", u"Type the date as dd/mm/yyyy; leave blank if there is none", None))
#endif // QT_CONFIG(tooltip)
        pass
    # retranslateUi

