# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'notification_form.ui'
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
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QCheckBox, QComboBox,
    QDateEdit, QFormLayout, QLabel, QLineEdit,
    QSizePolicy, QVBoxLayout, QWidget)

from rsoman.gui.forms.designer import (HintLabel, TextBox)
from rsoman.gui.forms.widgets import OptionalDateEdit

class Ui_NotificationFormBody(object):
    def setupUi(self, NotificationFormBody):
        if not NotificationFormBody.objectName():
            NotificationFormBody.setObjectName(u"NotificationFormBody")
        self.form = QFormLayout(NotificationFormBody)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignVCenter)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.kindLabel = QLabel(NotificationFormBody)
        self.kindLabel.setObjectName(u"kindLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.kindLabel)

        self.kindField = QWidget(NotificationFormBody)
        self.kindField.setObjectName(u"kindField")
        self.kindFieldLayout = QVBoxLayout(self.kindField)
        self.kindFieldLayout.setObjectName(u"kindFieldLayout")
        self.kindFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.kindCombo = QComboBox(self.kindField)
        self.kindCombo.setObjectName(u"kindCombo")

        self.kindFieldLayout.addWidget(self.kindCombo)


        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.kindField)

        self.notifiedOnLabel = QLabel(NotificationFormBody)
        self.notifiedOnLabel.setObjectName(u"notifiedOnLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.notifiedOnLabel)

        self.notifiedOnField = QWidget(NotificationFormBody)
        self.notifiedOnField.setObjectName(u"notifiedOnField")
        self.notifiedOnFieldLayout = QVBoxLayout(self.notifiedOnField)
        self.notifiedOnFieldLayout.setObjectName(u"notifiedOnFieldLayout")
        self.notifiedOnFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.notifiedOnDate = QDateEdit(self.notifiedOnField)
        self.notifiedOnDate.setObjectName(u"notifiedOnDate")
        self.notifiedOnDate.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        self.notifiedOnDate.setCalendarPopup(True)

        self.notifiedOnFieldLayout.addWidget(self.notifiedOnDate)


        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.notifiedOnField)

        self.changeTypeLabel = QLabel(NotificationFormBody)
        self.changeTypeLabel.setObjectName(u"changeTypeLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.changeTypeLabel)

        self.changeTypeField = QWidget(NotificationFormBody)
        self.changeTypeField.setObjectName(u"changeTypeField")
        self.changeTypeFieldLayout = QVBoxLayout(self.changeTypeField)
        self.changeTypeFieldLayout.setObjectName(u"changeTypeFieldLayout")
        self.changeTypeFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.changeTypeCombo = QComboBox(self.changeTypeField)
        self.changeTypeCombo.setObjectName(u"changeTypeCombo")

        self.changeTypeFieldLayout.addWidget(self.changeTypeCombo)


        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.changeTypeField)

        self.eventOnLabel = QLabel(NotificationFormBody)
        self.eventOnLabel.setObjectName(u"eventOnLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.eventOnLabel)

        self.eventOnField = QWidget(NotificationFormBody)
        self.eventOnField.setObjectName(u"eventOnField")
        self.eventOnFieldLayout = QVBoxLayout(self.eventOnField)
        self.eventOnFieldLayout.setObjectName(u"eventOnFieldLayout")
        self.eventOnFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.eventOnDate = OptionalDateEdit(self.eventOnField)
        self.eventOnDate.setObjectName(u"eventOnDate")

        self.eventOnFieldLayout.addWidget(self.eventOnDate)

        self.latenessHint = HintLabel(self.eventOnField)
        self.latenessHint.setObjectName(u"latenessHint")

        self.eventOnFieldLayout.addWidget(self.latenessHint)


        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.eventOnField)

        self.householdLabel = QLabel(NotificationFormBody)
        self.householdLabel.setObjectName(u"householdLabel")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.householdLabel)

        self.householdField = QWidget(NotificationFormBody)
        self.householdField.setObjectName(u"householdField")
        self.householdFieldLayout = QVBoxLayout(self.householdField)
        self.householdFieldLayout.setObjectName(u"householdFieldLayout")
        self.householdFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.householdEdit = QLineEdit(self.householdField)
        self.householdEdit.setObjectName(u"householdEdit")

        self.householdFieldLayout.addWidget(self.householdEdit)


        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.householdField)

        self.destinationLabel = QLabel(NotificationFormBody)
        self.destinationLabel.setObjectName(u"destinationLabel")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.destinationLabel)

        self.destinationField = QWidget(NotificationFormBody)
        self.destinationField.setObjectName(u"destinationField")
        self.destinationFieldLayout = QVBoxLayout(self.destinationField)
        self.destinationFieldLayout.setObjectName(u"destinationFieldLayout")
        self.destinationFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.destinationEdit = QLineEdit(self.destinationField)
        self.destinationEdit.setObjectName(u"destinationEdit")
        self.destinationEdit.setMaxLength(200)

        self.destinationFieldLayout.addWidget(self.destinationEdit)


        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.destinationField)

        self.departureLabel = QLabel(NotificationFormBody)
        self.departureLabel.setObjectName(u"departureLabel")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.departureLabel)

        self.departureField = QWidget(NotificationFormBody)
        self.departureField.setObjectName(u"departureField")
        self.departureFieldLayout = QVBoxLayout(self.departureField)
        self.departureFieldLayout.setObjectName(u"departureFieldLayout")
        self.departureFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.departureDate = OptionalDateEdit(self.departureField)
        self.departureDate.setObjectName(u"departureDate")

        self.departureFieldLayout.addWidget(self.departureDate)

        self.noticeHint = HintLabel(self.departureField)
        self.noticeHint.setObjectName(u"noticeHint")

        self.departureFieldLayout.addWidget(self.noticeHint)


        self.form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.departureField)

        self.returnLabel = QLabel(NotificationFormBody)
        self.returnLabel.setObjectName(u"returnLabel")

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.returnLabel)

        self.returnField = QWidget(NotificationFormBody)
        self.returnField.setObjectName(u"returnField")
        self.returnFieldLayout = QVBoxLayout(self.returnField)
        self.returnFieldLayout.setObjectName(u"returnFieldLayout")
        self.returnFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.returnDate = OptionalDateEdit(self.returnField)
        self.returnDate.setObjectName(u"returnDate")

        self.returnFieldLayout.addWidget(self.returnDate)


        self.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.returnField)

        self.returnUnknownField = QWidget(NotificationFormBody)
        self.returnUnknownField.setObjectName(u"returnUnknownField")
        self.returnUnknownFieldLayout = QVBoxLayout(self.returnUnknownField)
        self.returnUnknownFieldLayout.setObjectName(u"returnUnknownFieldLayout")
        self.returnUnknownFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.returnUnknownCheck = QCheckBox(self.returnUnknownField)
        self.returnUnknownCheck.setObjectName(u"returnUnknownCheck")

        self.returnUnknownFieldLayout.addWidget(self.returnUnknownCheck)


        self.form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.returnUnknownField)

        self.shortReasonLabel = QLabel(NotificationFormBody)
        self.shortReasonLabel.setObjectName(u"shortReasonLabel")

        self.form.setWidget(9, QFormLayout.ItemRole.LabelRole, self.shortReasonLabel)

        self.shortReasonField = QWidget(NotificationFormBody)
        self.shortReasonField.setObjectName(u"shortReasonField")
        self.shortReasonFieldLayout = QVBoxLayout(self.shortReasonField)
        self.shortReasonFieldLayout.setObjectName(u"shortReasonFieldLayout")
        self.shortReasonFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.shortReasonText = TextBox(self.shortReasonField)
        self.shortReasonText.setObjectName(u"shortReasonText")

        self.shortReasonFieldLayout.addWidget(self.shortReasonText)


        self.form.setWidget(9, QFormLayout.ItemRole.FieldRole, self.shortReasonField)

        self.receivedByLabel = QLabel(NotificationFormBody)
        self.receivedByLabel.setObjectName(u"receivedByLabel")

        self.form.setWidget(10, QFormLayout.ItemRole.LabelRole, self.receivedByLabel)

        self.receivedByField = QWidget(NotificationFormBody)
        self.receivedByField.setObjectName(u"receivedByField")
        self.receivedByFieldLayout = QVBoxLayout(self.receivedByField)
        self.receivedByFieldLayout.setObjectName(u"receivedByFieldLayout")
        self.receivedByFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.receivedByEdit = QLineEdit(self.receivedByField)
        self.receivedByEdit.setObjectName(u"receivedByEdit")

        self.receivedByFieldLayout.addWidget(self.receivedByEdit)


        self.form.setWidget(10, QFormLayout.ItemRole.FieldRole, self.receivedByField)

        self.detailsLabel = QLabel(NotificationFormBody)
        self.detailsLabel.setObjectName(u"detailsLabel")

        self.form.setWidget(11, QFormLayout.ItemRole.LabelRole, self.detailsLabel)

        self.detailsField = QWidget(NotificationFormBody)
        self.detailsField.setObjectName(u"detailsField")
        self.detailsFieldLayout = QVBoxLayout(self.detailsField)
        self.detailsFieldLayout.setObjectName(u"detailsFieldLayout")
        self.detailsFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.detailsText = TextBox(self.detailsField)
        self.detailsText.setObjectName(u"detailsText")

        self.detailsFieldLayout.addWidget(self.detailsText)


        self.form.setWidget(11, QFormLayout.ItemRole.FieldRole, self.detailsField)

#if QT_CONFIG(shortcut)
        self.kindLabel.setBuddy(self.kindCombo)
        self.notifiedOnLabel.setBuddy(self.notifiedOnDate)
        self.changeTypeLabel.setBuddy(self.changeTypeCombo)
        self.eventOnLabel.setBuddy(self.eventOnDate)
        self.householdLabel.setBuddy(self.householdEdit)
        self.destinationLabel.setBuddy(self.destinationEdit)
        self.departureLabel.setBuddy(self.departureDate)
        self.returnLabel.setBuddy(self.returnDate)
        self.shortReasonLabel.setBuddy(self.shortReasonText)
        self.receivedByLabel.setBuddy(self.receivedByEdit)
        self.detailsLabel.setBuddy(self.detailsText)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.kindCombo, self.notifiedOnDate)
        QWidget.setTabOrder(self.notifiedOnDate, self.changeTypeCombo)
        QWidget.setTabOrder(self.changeTypeCombo, self.eventOnDate)
        QWidget.setTabOrder(self.eventOnDate, self.householdEdit)
        QWidget.setTabOrder(self.householdEdit, self.destinationEdit)
        QWidget.setTabOrder(self.destinationEdit, self.departureDate)
        QWidget.setTabOrder(self.departureDate, self.returnDate)
        QWidget.setTabOrder(self.returnDate, self.returnUnknownCheck)
        QWidget.setTabOrder(self.returnUnknownCheck, self.shortReasonText)
        QWidget.setTabOrder(self.shortReasonText, self.receivedByEdit)
        QWidget.setTabOrder(self.receivedByEdit, self.detailsText)

        self.retranslateUi(NotificationFormBody)

        QMetaObject.connectSlotsByName(NotificationFormBody)
    # setupUi

    def retranslateUi(self, NotificationFormBody):
        self.kindLabel.setText(QCoreApplication.translate("NotificationFormBody", u"&Kind", None))
#if QT_CONFIG(tooltip)
        self.kindCombo.setToolTip(QCoreApplication.translate("NotificationFormBody", u"What the offender notified", None))
#endif // QT_CONFIG(tooltip)
        self.notifiedOnLabel.setText(QCoreApplication.translate("NotificationFormBody", u"&Notified on", None))
        self.notifiedOnDate.setDisplayFormat(QCoreApplication.translate("NotificationFormBody", u"dd/MM/yyyy", None))
#if QT_CONFIG(tooltip)
        self.notifiedOnDate.setToolTip(QCoreApplication.translate("NotificationFormBody", u"Type the date as dd/mm/yyyy (the arrow opens a calendar)", None))
#endif // QT_CONFIG(tooltip)
        self.changeTypeLabel.setText(QCoreApplication.translate("NotificationFormBody", u"What &changed", None))
        self.eventOnLabel.setText(QCoreApplication.translate("NotificationFormBody", u"D&ate of the event", None))
#if QT_CONFIG(tooltip)
        self.eventOnDate.setToolTip(QCoreApplication.translate("NotificationFormBody", u"Type the date as dd/mm/yyyy; leave blank if there is none", None))
#endif // QT_CONFIG(tooltip)
        self.householdLabel.setText(QCoreApplication.translate("NotificationFormBody", u"&Household address", None))
        self.householdEdit.setPlaceholderText(QCoreApplication.translate("NotificationFormBody", u"address of the household with a child under 18", None))
        self.destinationLabel.setText(QCoreApplication.translate("NotificationFormBody", u"&Destination", None))
        self.destinationEdit.setPlaceholderText(QCoreApplication.translate("NotificationFormBody", u"country and place, how travelling", None))
        self.departureLabel.setText(QCoreApplication.translate("NotificationFormBody", u"De&parture", None))
#if QT_CONFIG(tooltip)
        self.departureDate.setToolTip(QCoreApplication.translate("NotificationFormBody", u"Type the date as dd/mm/yyyy; leave blank if there is none", None))
#endif // QT_CONFIG(tooltip)
        self.returnLabel.setText(QCoreApplication.translate("NotificationFormBody", u"&Return", None))
#if QT_CONFIG(tooltip)
        self.returnDate.setToolTip(QCoreApplication.translate("NotificationFormBody", u"Type the date as dd/mm/yyyy; leave blank if there is none", None))
#endif // QT_CONFIG(tooltip)
        self.returnUnknownCheck.setText(QCoreApplication.translate("NotificationFormBody", u"Return date not kno&wn", None))
        self.shortReasonLabel.setText(QCoreApplication.translate("NotificationFormBody", u"Reason for &short notice", None))
        self.shortReasonText.setPlaceholderText(QCoreApplication.translate("NotificationFormBody", u"why more notice was not reasonably practicable", None))
        self.receivedByLabel.setText(QCoreApplication.translate("NotificationFormBody", u"Received &by", None))
        self.receivedByEdit.setPlaceholderText(QCoreApplication.translate("NotificationFormBody", u"warrant number (blank: you)", None))
#if QT_CONFIG(tooltip)
        self.receivedByEdit.setToolTip(QCoreApplication.translate("NotificationFormBody", u"The warrant number of the officer who received the notification", None))
#endif // QT_CONFIG(tooltip)
        self.detailsLabel.setText(QCoreApplication.translate("NotificationFormBody", u"De&tails", None))
        self.detailsText.setPlaceholderText(QCoreApplication.translate("NotificationFormBody", u"what was notified (names, addresses, documents\u2026)", None))
        pass
    # retranslateUi

