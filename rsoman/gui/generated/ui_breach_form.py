# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'breach_form.ui'
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
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QComboBox, QDateEdit,
    QFormLayout, QLabel, QLineEdit, QSizePolicy,
    QVBoxLayout, QWidget)

from rsoman.gui.forms.designer import (HintLabel, TextBox)
from rsoman.gui.forms.widgets import OptionalDateEdit

class Ui_BreachFormBody(object):
    def setupUi(self, BreachFormBody):
        if not BreachFormBody.objectName():
            BreachFormBody.setObjectName(u"BreachFormBody")
        self.form = QFormLayout(BreachFormBody)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignVCenter)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.breachHeading = QLabel(BreachFormBody)
        self.breachHeading.setObjectName(u"breachHeading")
        font = QFont()
        font.setBold(True)
        self.breachHeading.setFont(font)
        self.breachHeading.setWordWrap(True)

        self.form.setWidget(0, QFormLayout.ItemRole.SpanningRole, self.breachHeading)

        self.kindLabel = QLabel(BreachFormBody)
        self.kindLabel.setObjectName(u"kindLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.kindLabel)

        self.kindField = QWidget(BreachFormBody)
        self.kindField.setObjectName(u"kindField")
        self.kindFieldLayout = QVBoxLayout(self.kindField)
        self.kindFieldLayout.setObjectName(u"kindFieldLayout")
        self.kindFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.kindCombo = QComboBox(self.kindField)
        self.kindCombo.setObjectName(u"kindCombo")

        self.kindFieldLayout.addWidget(self.kindCombo)


        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.kindField)

        self.orderLabel = QLabel(BreachFormBody)
        self.orderLabel.setObjectName(u"orderLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.orderLabel)

        self.orderField = QWidget(BreachFormBody)
        self.orderField.setObjectName(u"orderField")
        self.orderFieldLayout = QVBoxLayout(self.orderField)
        self.orderFieldLayout.setObjectName(u"orderFieldLayout")
        self.orderFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.orderCombo = QComboBox(self.orderField)
        self.orderCombo.setObjectName(u"orderCombo")

        self.orderFieldLayout.addWidget(self.orderCombo)


        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.orderField)

        self.descriptionLabel = QLabel(BreachFormBody)
        self.descriptionLabel.setObjectName(u"descriptionLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.descriptionLabel)

        self.descriptionField = QWidget(BreachFormBody)
        self.descriptionField.setObjectName(u"descriptionField")
        self.descriptionFieldLayout = QVBoxLayout(self.descriptionField)
        self.descriptionFieldLayout.setObjectName(u"descriptionFieldLayout")
        self.descriptionFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.descriptionText = TextBox(self.descriptionField)
        self.descriptionText.setObjectName(u"descriptionText")

        self.descriptionFieldLayout.addWidget(self.descriptionText)


        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.descriptionField)

        self.occurredOnLabel = QLabel(BreachFormBody)
        self.occurredOnLabel.setObjectName(u"occurredOnLabel")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.occurredOnLabel)

        self.occurredOnField = QWidget(BreachFormBody)
        self.occurredOnField.setObjectName(u"occurredOnField")
        self.occurredOnFieldLayout = QVBoxLayout(self.occurredOnField)
        self.occurredOnFieldLayout.setObjectName(u"occurredOnFieldLayout")
        self.occurredOnFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.occurredOnDate = OptionalDateEdit(self.occurredOnField)
        self.occurredOnDate.setObjectName(u"occurredOnDate")

        self.occurredOnFieldLayout.addWidget(self.occurredOnDate)

        self.occurredOnHint = HintLabel(self.occurredOnField)
        self.occurredOnHint.setObjectName(u"occurredOnHint")

        self.occurredOnFieldLayout.addWidget(self.occurredOnHint)


        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.occurredOnField)

        self.foundOnLabel = QLabel(BreachFormBody)
        self.foundOnLabel.setObjectName(u"foundOnLabel")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.foundOnLabel)

        self.foundOnField = QWidget(BreachFormBody)
        self.foundOnField.setObjectName(u"foundOnField")
        self.foundOnFieldLayout = QVBoxLayout(self.foundOnField)
        self.foundOnFieldLayout.setObjectName(u"foundOnFieldLayout")
        self.foundOnFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.foundOnDate = QDateEdit(self.foundOnField)
        self.foundOnDate.setObjectName(u"foundOnDate")
        self.foundOnDate.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        self.foundOnDate.setCalendarPopup(True)

        self.foundOnFieldLayout.addWidget(self.foundOnDate)


        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.foundOnField)

        self.foundByLabel = QLabel(BreachFormBody)
        self.foundByLabel.setObjectName(u"foundByLabel")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.foundByLabel)

        self.foundByField = QWidget(BreachFormBody)
        self.foundByField.setObjectName(u"foundByField")
        self.foundByFieldLayout = QVBoxLayout(self.foundByField)
        self.foundByFieldLayout.setObjectName(u"foundByFieldLayout")
        self.foundByFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.foundByEdit = QLineEdit(self.foundByField)
        self.foundByEdit.setObjectName(u"foundByEdit")

        self.foundByFieldLayout.addWidget(self.foundByEdit)


        self.form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.foundByField)

        self.nationalRefLabel = QLabel(BreachFormBody)
        self.nationalRefLabel.setObjectName(u"nationalRefLabel")

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.nationalRefLabel)

        self.nationalRefField = QWidget(BreachFormBody)
        self.nationalRefField.setObjectName(u"nationalRefField")
        self.nationalRefFieldLayout = QVBoxLayout(self.nationalRefField)
        self.nationalRefFieldLayout.setObjectName(u"nationalRefFieldLayout")
        self.nationalRefFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.nationalRefEdit = QLineEdit(self.nationalRefField)
        self.nationalRefEdit.setObjectName(u"nationalRefEdit")
        self.nationalRefEdit.setMaxLength(40)

        self.nationalRefFieldLayout.addWidget(self.nationalRefEdit)


        self.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.nationalRefField)

        self.recordedOnLabel = QLabel(BreachFormBody)
        self.recordedOnLabel.setObjectName(u"recordedOnLabel")

        self.form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.recordedOnLabel)

        self.recordedOnField = QWidget(BreachFormBody)
        self.recordedOnField.setObjectName(u"recordedOnField")
        self.recordedOnFieldLayout = QVBoxLayout(self.recordedOnField)
        self.recordedOnFieldLayout.setObjectName(u"recordedOnFieldLayout")
        self.recordedOnFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.recordedOnDate = OptionalDateEdit(self.recordedOnField)
        self.recordedOnDate.setObjectName(u"recordedOnDate")

        self.recordedOnFieldLayout.addWidget(self.recordedOnDate)

        self.recordedOnHint = HintLabel(self.recordedOnField)
        self.recordedOnHint.setObjectName(u"recordedOnHint")

        self.recordedOnFieldLayout.addWidget(self.recordedOnHint)


        self.form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.recordedOnField)

        self.actionHeading = QLabel(BreachFormBody)
        self.actionHeading.setObjectName(u"actionHeading")
        self.actionHeading.setFont(font)
        self.actionHeading.setWordWrap(True)

        self.form.setWidget(9, QFormLayout.ItemRole.SpanningRole, self.actionHeading)

        self.actionLabel = QLabel(BreachFormBody)
        self.actionLabel.setObjectName(u"actionLabel")

        self.form.setWidget(10, QFormLayout.ItemRole.LabelRole, self.actionLabel)

        self.actionField = QWidget(BreachFormBody)
        self.actionField.setObjectName(u"actionField")
        self.actionFieldLayout = QVBoxLayout(self.actionField)
        self.actionFieldLayout.setObjectName(u"actionFieldLayout")
        self.actionFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.actionCombo = QComboBox(self.actionField)
        self.actionCombo.setObjectName(u"actionCombo")

        self.actionFieldLayout.addWidget(self.actionCombo)


        self.form.setWidget(10, QFormLayout.ItemRole.FieldRole, self.actionField)

        self.actionOnLabel = QLabel(BreachFormBody)
        self.actionOnLabel.setObjectName(u"actionOnLabel")

        self.form.setWidget(11, QFormLayout.ItemRole.LabelRole, self.actionOnLabel)

        self.actionOnField = QWidget(BreachFormBody)
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


        self.form.setWidget(11, QFormLayout.ItemRole.FieldRole, self.actionOnField)

        self.actionReasonLabel = QLabel(BreachFormBody)
        self.actionReasonLabel.setObjectName(u"actionReasonLabel")

        self.form.setWidget(12, QFormLayout.ItemRole.LabelRole, self.actionReasonLabel)

        self.actionReasonField = QWidget(BreachFormBody)
        self.actionReasonField.setObjectName(u"actionReasonField")
        self.actionReasonFieldLayout = QVBoxLayout(self.actionReasonField)
        self.actionReasonFieldLayout.setObjectName(u"actionReasonFieldLayout")
        self.actionReasonFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.actionReasonEdit = QLineEdit(self.actionReasonField)
        self.actionReasonEdit.setObjectName(u"actionReasonEdit")

        self.actionReasonFieldLayout.addWidget(self.actionReasonEdit)


        self.form.setWidget(12, QFormLayout.ItemRole.FieldRole, self.actionReasonField)

        self.outcomeLabel = QLabel(BreachFormBody)
        self.outcomeLabel.setObjectName(u"outcomeLabel")

        self.form.setWidget(13, QFormLayout.ItemRole.LabelRole, self.outcomeLabel)

        self.outcomeField = QWidget(BreachFormBody)
        self.outcomeField.setObjectName(u"outcomeField")
        self.outcomeFieldLayout = QVBoxLayout(self.outcomeField)
        self.outcomeFieldLayout.setObjectName(u"outcomeFieldLayout")
        self.outcomeFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.outcomeText = TextBox(self.outcomeField)
        self.outcomeText.setObjectName(u"outcomeText")

        self.outcomeFieldLayout.addWidget(self.outcomeText)


        self.form.setWidget(13, QFormLayout.ItemRole.FieldRole, self.outcomeField)

        self.outcomeOnLabel = QLabel(BreachFormBody)
        self.outcomeOnLabel.setObjectName(u"outcomeOnLabel")

        self.form.setWidget(14, QFormLayout.ItemRole.LabelRole, self.outcomeOnLabel)

        self.outcomeOnField = QWidget(BreachFormBody)
        self.outcomeOnField.setObjectName(u"outcomeOnField")
        self.outcomeOnFieldLayout = QVBoxLayout(self.outcomeOnField)
        self.outcomeOnFieldLayout.setObjectName(u"outcomeOnFieldLayout")
        self.outcomeOnFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.outcomeOnDate = OptionalDateEdit(self.outcomeOnField)
        self.outcomeOnDate.setObjectName(u"outcomeOnDate")

        self.outcomeOnFieldLayout.addWidget(self.outcomeOnDate)


        self.form.setWidget(14, QFormLayout.ItemRole.FieldRole, self.outcomeOnField)

#if QT_CONFIG(shortcut)
        self.kindLabel.setBuddy(self.kindCombo)
        self.orderLabel.setBuddy(self.orderCombo)
        self.descriptionLabel.setBuddy(self.descriptionText)
        self.occurredOnLabel.setBuddy(self.occurredOnDate)
        self.foundOnLabel.setBuddy(self.foundOnDate)
        self.foundByLabel.setBuddy(self.foundByEdit)
        self.nationalRefLabel.setBuddy(self.nationalRefEdit)
        self.recordedOnLabel.setBuddy(self.recordedOnDate)
        self.actionLabel.setBuddy(self.actionCombo)
        self.actionOnLabel.setBuddy(self.actionOnDate)
        self.actionReasonLabel.setBuddy(self.actionReasonEdit)
        self.outcomeLabel.setBuddy(self.outcomeText)
        self.outcomeOnLabel.setBuddy(self.outcomeOnDate)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.kindCombo, self.orderCombo)
        QWidget.setTabOrder(self.orderCombo, self.descriptionText)
        QWidget.setTabOrder(self.descriptionText, self.occurredOnDate)
        QWidget.setTabOrder(self.occurredOnDate, self.foundOnDate)
        QWidget.setTabOrder(self.foundOnDate, self.foundByEdit)
        QWidget.setTabOrder(self.foundByEdit, self.nationalRefEdit)
        QWidget.setTabOrder(self.nationalRefEdit, self.recordedOnDate)
        QWidget.setTabOrder(self.recordedOnDate, self.actionCombo)
        QWidget.setTabOrder(self.actionCombo, self.actionOnDate)
        QWidget.setTabOrder(self.actionOnDate, self.actionReasonEdit)
        QWidget.setTabOrder(self.actionReasonEdit, self.outcomeText)
        QWidget.setTabOrder(self.outcomeText, self.outcomeOnDate)

        self.retranslateUi(BreachFormBody)

        QMetaObject.connectSlotsByName(BreachFormBody)
    # setupUi

    def retranslateUi(self, BreachFormBody):
        self.breachHeading.setText(QCoreApplication.translate("BreachFormBody", u"The breach", None))
        self.kindLabel.setText(QCoreApplication.translate("BreachFormBody", u"&What was breached", None))
        self.orderLabel.setText(QCoreApplication.translate("BreachFormBody", u"&Order", None))
#if QT_CONFIG(tooltip)
        self.orderCombo.setToolTip(QCoreApplication.translate("BreachFormBody", u"The order or prohibition that was breached", None))
#endif // QT_CONFIG(tooltip)
        self.descriptionLabel.setText(QCoreApplication.translate("BreachFormBody", u"What &happened", None))
        self.descriptionText.setPlaceholderText(QCoreApplication.translate("BreachFormBody", u"what happened, as found", None))
        self.occurredOnLabel.setText(QCoreApplication.translate("BreachFormBody", u"When it o&ccurred", None))
#if QT_CONFIG(tooltip)
        self.occurredOnDate.setToolTip(QCoreApplication.translate("BreachFormBody", u"Type the date as dd/mm/yyyy; leave blank if there is none", None))
#endif // QT_CONFIG(tooltip)
        self.occurredOnHint.setText(QCoreApplication.translate("BreachFormBody", u"Blank if not known.", None))
        self.foundOnLabel.setText(QCoreApplication.translate("BreachFormBody", u"&Found on", None))
        self.foundOnDate.setDisplayFormat(QCoreApplication.translate("BreachFormBody", u"dd/MM/yyyy", None))
#if QT_CONFIG(tooltip)
        self.foundOnDate.setToolTip(QCoreApplication.translate("BreachFormBody", u"Type the date as dd/mm/yyyy (the arrow opens a calendar)", None))
#endif // QT_CONFIG(tooltip)
        self.foundByLabel.setText(QCoreApplication.translate("BreachFormBody", u"Found &by", None))
        self.foundByEdit.setPlaceholderText(QCoreApplication.translate("BreachFormBody", u"warrant number (blank: you)", None))
        self.nationalRefLabel.setText(QCoreApplication.translate("BreachFormBody", u"&PNC/ViSOR reference", None))
        self.recordedOnLabel.setText(QCoreApplication.translate("BreachFormBody", u"Recorded &nationally on", None))
#if QT_CONFIG(tooltip)
        self.recordedOnDate.setToolTip(QCoreApplication.translate("BreachFormBody", u"Type the date as dd/mm/yyyy; leave blank if there is none", None))
#endif // QT_CONFIG(tooltip)
        self.recordedOnHint.setText(QCoreApplication.translate("BreachFormBody", u"Breaches are recorded on PNC/ViSOR within 24 hours.", None))
        self.actionHeading.setText(QCoreApplication.translate("BreachFormBody", u"Action taken (may be recorded later)", None))
        self.actionLabel.setText(QCoreApplication.translate("BreachFormBody", u"&Action taken", None))
        self.actionOnLabel.setText(QCoreApplication.translate("BreachFormBody", u"Action &date", None))
#if QT_CONFIG(tooltip)
        self.actionOnDate.setToolTip(QCoreApplication.translate("BreachFormBody", u"Type the date as dd/mm/yyyy; leave blank if there is none", None))
#endif // QT_CONFIG(tooltip)
        self.actionReasonLabel.setText(QCoreApplication.translate("BreachFormBody", u"Action &reason", None))
        self.actionReasonEdit.setPlaceholderText(QCoreApplication.translate("BreachFormBody", u"required for no further action", None))
        self.outcomeLabel.setText(QCoreApplication.translate("BreachFormBody", u"O&utcome", None))
        self.outcomeText.setPlaceholderText(QCoreApplication.translate("BreachFormBody", u"e.g. charged, bailed to court; cautioned", None))
        self.outcomeOnLabel.setText(QCoreApplication.translate("BreachFormBody", u"Outcome dat&e", None))
#if QT_CONFIG(tooltip)
        self.outcomeOnDate.setToolTip(QCoreApplication.translate("BreachFormBody", u"Type the date as dd/mm/yyyy; leave blank if there is none", None))
#endif // QT_CONFIG(tooltip)
        pass
    # retranslateUi

